"""The login page of an authenticated ``decision serve``, French first.

Panel's own page is in English only and echoes whatever text the ``?error=`` query carries. This
page speaks French unless the browser prefers English (``Accept-Language``) or the server was
started with ``--lang en`` and the browser names neither language; the refusal travels as a code
(``?error=refused``), never as text, so a crafted link cannot put words on the page.
"""

from __future__ import annotations

import html

#: Error codes the login handler puts in ``?error=``; anything else shows no message.
REFUSED = "refused"
BUSY = "busy"

TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Copilote — connexion",
        "intro": "Connectez-vous pour ouvrir le tableau de bord du COPIL.",
        "username": "Identifiant",
        "password": "Mot de passe",
        "submit": "Se connecter",
        REFUSED: "Identifiant ou mot de passe incorrect",
        BUSY: "Serveur occupé, réessayez dans un instant",
    },
    "en": {
        "title": "Copilote — log in",
        "intro": "Log in to open the steering committee dashboard.",
        "username": "Login",
        "password": "Password",
        "submit": "Log in",
        REFUSED: "Wrong login or password",
        BUSY: "Server busy, try again in a moment",
    },
}


def page_language(accept_language: str | None, default: str = "fr") -> str:
    """``"fr"`` or ``"en"``: the one the browser ranks higher (q-values of ``Accept-Language``),
    else ``default`` (the server's ``--lang``) when the browser names neither."""
    best: tuple[float, int, str] | None = None
    for position, item in enumerate((accept_language or "").split(",")):
        tag, _, params = item.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in TEXT:
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        # higher q first; on a tie the earlier entry (browsers list preferences in order)
        candidate = (-quality, position, primary)
        if quality > 0 and (best is None or candidate < best):
            best = candidate
    return best[2] if best else (default if default in TEXT else "fr")


def render(lang: str, login_endpoint: str, error: str = "") -> str:
    """The whole HTML page; ``error`` is a code (:data:`REFUSED`, :data:`BUSY`) or empty."""
    text = TEXT[lang]
    message = text.get(error, "") if error in (REFUSED, BUSY) else ""
    esc = html.escape
    alert = f'<p class="error" role="alert">{esc(message)}</p>' if message else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(text["title"])}</title>
<style>
  body {{ margin: 0; min-height: 100vh; display: flex; align-items: center;
         justify-content: center; background: #f5f6f8; font: 1rem/1.5 system-ui, sans-serif; }}
  form {{ background: #fff; border: 1px solid #d8dbe0; padding: 2rem; width: min(22rem, 90vw); }}
  h1 {{ font-size: 1.3rem; margin: 0 0 .5rem; }}
  label {{ display: block; margin: 1rem 0 .25rem; font-weight: 600; }}
  input {{ box-sizing: border-box; width: 100%; padding: .6rem; font-size: 1rem; }}
  button {{ margin-top: 1.5rem; width: 100%; padding: .7rem; font-size: 1rem;
           background: #1f4e79; color: #fff; border: 0; cursor: pointer; }}
  .error {{ color: #b00020; font-weight: 600; }}
</style>
</head>
<body>
<form action=".{esc(login_endpoint)}" method="post">
  <h1>{esc(text["title"])}</h1>
  <p>{esc(text["intro"])}</p>
  {alert}
  <label for="username">{esc(text["username"])}</label>
  <input id="username" name="username" type="text" autocapitalize="off" autocorrect="off"
         autocomplete="username" required>
  <label for="password">{esc(text["password"])}</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">{esc(text["submit"])}</button>
</form>
</body>
</html>
"""

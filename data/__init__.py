"""The bundled cases' facts, with their sources (installed as :mod:`copilote.data`)."""

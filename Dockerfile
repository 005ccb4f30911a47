# Copilote's dashboard server, as a city's IT department runs it (docs/deploy.md).
#
#   docker build -t copilote .
#   docker run -d -p 5006:5006 -v copilote-store:/var/lib/copilote \
#     -v "$PWD/secrets:/run/secrets:ro" copilote
#
# Two stages: the wheel is built from the sources (with its bundled case), then installed alone
# in a slim image with the system libraries it needs and no compiler.

FROM python:3.11-slim-bookworm AS wheel
WORKDIR /src
COPY . .
RUN pip install --no-cache-dir "build>=1.2" \
 && python -m build --wheel --outdir /dist .

FROM python:3.11-slim-bookworm
# Pango for the PDF memos (WeasyPrint), a font with the accents of French, and jemalloc, which
# decision serve preloads so that a meeting's memory goes back to the system afterwards.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core libjemalloc2 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=wheel /dist/ /tmp/dist/
RUN pip install --no-cache-dir /tmp/dist/*.whl && rm -rf /tmp/dist
COPY docker/entrypoint.sh /usr/local/bin/copilote-entrypoint

# An account of its own, without a shell; the store lives on a volume it owns.
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/copilote --shell /usr/sbin/nologin copilote \
 && mkdir -p /var/lib/copilote \
 && chown copilote:copilote /var/lib/copilote
VOLUME /var/lib/copilote
ENV DECISION_DB=/var/lib/copilote/store.sqlite \
    DECISION_PORT=5006 \
    PYTHONUNBUFFERED=1
USER copilote
WORKDIR /var/lib/copilote
EXPOSE 5006
# The first page needs the app's first session built (a few seconds); then every 30 s.
HEALTHCHECK --interval=30s --timeout=10s --start-period=90s --retries=3 \
  CMD ["copilote-entrypoint", "healthcheck"]
ENTRYPOINT ["copilote-entrypoint"]

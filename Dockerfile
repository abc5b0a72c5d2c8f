# syntax=docker/dockerfile:1
# clinic-bot as a container image: `docker build -t clinic-bot .` (README "Deploying").
#
# Two stages: `build` installs the package and its runtime dependencies (no dev extras) into a
# virtual environment; `runtime` copies only that environment onto a clean base and runs
# `clinic-bot serve` as an unprivileged user. HTTP on $PORT (3000): /slack/events (Slack), /healthz
# (the health check below), /metrics (Prometheus: keep it internal). Settings come from the
# environment (an env file, never the image); tests/deploy/ checks this file.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/clinic-bot
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
RUN /opt/clinic-bot/bin/pip install . \
    && /opt/clinic-bot/bin/pip uninstall --yes pip

FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="clinic-bot" \
      org.opencontainers.image.description="Slack assistant that reschedules and cancels clinic appointments"
RUN groupadd --system --gid 10001 clinic-bot \
    && useradd --system --uid 10001 --gid clinic-bot --home-dir /var/lib/clinic-bot --no-create-home \
       --shell /usr/sbin/nologin clinic-bot \
    && install --directory --owner=clinic-bot --group=clinic-bot --mode=0700 /var/lib/clinic-bot
COPY --from=build /opt/clinic-bot /opt/clinic-bot
ENV PATH=/opt/clinic-bot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    CLINIC_BOT_DB=/var/lib/clinic-bot/clinic-bot.sqlite3
WORKDIR /var/lib/clinic-bot
USER 10001:10001
EXPOSE 3000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3000'), timeout=4)"]
CMD ["clinic-bot", "serve"]

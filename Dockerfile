# syntax=docker/dockerfile:1
# Production image: gunicorn serves the app; the same image runs the Celery worker and beat.

# --- DKFDS from npm (only its published dist/ is kept) ----------------------------------------
FROM node:20-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# --- the app -----------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MEDIA_ROOT=/app/media

# WeasyPrint's system libraries (Pango, HarfBuzz subsetting) and a font.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Runtime dependencies straight from pyproject.toml (the dev extra stays out of the image).
COPY pyproject.toml ./
RUN python -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
      open("/tmp/requirements.txt", "w").write("\n".join(p["dependencies"]))' \
 && pip install -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt

COPY --from=assets /build/node_modules/dkfds/dist ./node_modules/dkfds/dist
COPY --from=assets /build/node_modules/chart.js/dist ./node_modules/chart.js/dist
COPY . .

# collectstatic needs no database or broker; memory:// keeps settings from creating .broker/. DEBUG=1 for
# this step only: with DEBUG off the settings refuse to start without SECRET_KEY, and no key belongs in an
# image layer. What collectstatic copies does not depend on DEBUG.
RUN CELERY_BROKER_URL=memory:// DEBUG=1 python manage.py collectstatic --noinput \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin app \
 && mkdir -p /app/media \
 && chown app:app /app/media

USER app
EXPOSE 8000
# No --access-logfile: gunicorn's access log bypasses Django's CPR-masking log filter.
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]

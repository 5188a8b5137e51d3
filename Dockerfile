FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# CJK fonts so PDFs show Chinese instead of boxes; Pango and HarfBuzz for weasyprint; gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

COPY requirements.txt ./
RUN pip install -r requirements.txt

# Only what the portal runs on: no .env, virtualenv, local database or tests end up in the image.
COPY manage.py ./
COPY protocol ./protocol
COPY cooperation ./cooperation
COPY templates ./templates
COPY static ./static
COPY locale ./locale

# The key only lets settings load; it is not kept in the image's environment.
RUN DJANGO_DEBUG=false SECRET_KEY=collectstatic-at-build-time-only python manage.py collectstatic --noinput

RUN useradd --system --create-home --uid 10001 portal \
    && mkdir -p /app/media /app/var \
    && chown portal:portal /app/media /app/var
USER portal

EXPOSE 8000
CMD ["gunicorn", "protocol.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]

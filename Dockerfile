# For hosts other than Heroku. Build: docker build -t zoombridge .
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PORT=8000
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY store ./store
RUN pip install --no-cache-dir . && useradd --create-home zoombridge
USER zoombridge
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import os,urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz')"
# Run `zoombridge migrate` once per release before starting new containers on PostgreSQL.
CMD ["zoombridge", "serve"]

# Tandem as a container: the bot (webhook mode) and its command line. See docker-compose.yml
# and the README's "When one machine is not enough".
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN useradd --system --create-home --home-dir /srv/tandem tandem
WORKDIR /srv/tandem
COPY pyproject.toml README.md ./
COPY bot bot
COPY conversations conversations
COPY storage storage
RUN pip install --no-cache-dir .
COPY projects projects
USER tandem
# 8443: the webhook (and the dashboard under DASHBOARD_URL's path).
EXPOSE 8443
ENTRYPOINT ["python", "-m", "bot"]
CMD ["run", "--webhook"]

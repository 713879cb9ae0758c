FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY coauthor_graph ./coauthor_graph
RUN pip install --no-cache-dir .
COPY data ./data

RUN useradd --create-home --uid 10001 coauthor && chown -R coauthor /app
USER coauthor

EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)" || exit 1
CMD ["coauthor-graph", "serve", "--host", "0.0.0.0", "--port", "8000"]

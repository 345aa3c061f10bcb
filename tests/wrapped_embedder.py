"""The real embedder seen through a wrapper: what it is asked to embed is recorded, and its window
can be made smaller (``max_tokens`` is part of the chunking settings)."""


class WrappedEmbedder:
    def __init__(self, inner, max_tokens: int | None = None):
        self.inner = inner
        self.passages: list[str] = []
        self.backend, self.model, self.dim = inner.backend, inner.model, inner.dim
        self.max_tokens = inner.max_tokens if max_tokens is None else max_tokens

    def embed_passages(self, texts, progress=False):
        self.passages.extend(texts)
        return self.inner.embed_passages(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)

    def token_count(self, text):
        return self.inner.token_count(text)

    def info(self):
        info = self.inner.info()
        return info if self.max_tokens == self.inner.max_tokens else dict(info, max_tokens=self.max_tokens)

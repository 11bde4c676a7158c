"""Text of a PDF for the privacy scan, read in a child process so that a hostile file (a compressed-stream
bomb, a page that never finishes) costs a bounded amount of memory and time and never the web worker.

Run as `python -m gongkai_platform.catalogue.pdf_text PAGES` with the PDF on stdin; prints one JSON object:
{"lines": [...], "blank_pages": [...]} or {"error": "damaged" | "memory" | "pages", "pages": n}. No Django here.
"""

import io
import json
import sys


def read(data: bytes, max_pages: int) -> dict:
    import pdfplumber

    try:
        return _read(pdfplumber.open(io.BytesIO(data)), max_pages)
    except Exception as exc:  # any parser failure on untrusted input means the file cannot be read
        return {"error": "memory" if _out_of_memory(exc) else "damaged"}


def _out_of_memory(exc: BaseException | None) -> bool:
    """pdfplumber wraps pdfminer's exceptions: look down the chain."""
    while exc is not None:
        if isinstance(exc, MemoryError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _read(pdf, max_pages: int) -> dict:
    with pdf:
        pages = pdf.pages
        if len(pages) > max_pages:
            return {"error": "pages", "pages": len(pages)}
        lines = [_text(v) for v in (pdf.metadata or {}).values()]
        blank_pages = []
        for number, page in enumerate(pages, start=1):
            text = page.extract_text() or ""
            if not text.strip() and page.images:
                blank_pages.append(number)
            lines.append(text)
            for annotation in page.annots:
                lines += [_text(annotation.get(k)) for k in ("title", "contents", "uri")]
            page.flush_cache()
    return {"lines": [line for line in lines if line.strip()], "blank_pages": blank_pages}


def _text(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return "" if value is None else str(value)


if __name__ == "__main__":
    try:
        result = read(sys.stdin.buffer.read(), int(sys.argv[1]))
    except MemoryError:
        result = {"error": "memory"}
    except Exception:
        result = {"error": "damaged"}
    sys.stdout.write(json.dumps(result, ensure_ascii=False))

"""The bulk audit's upload handler: thousands of files in one request, each written to its own temporary file
and closed at once (a request of 5,000 files must not hold 5,000 open files or keep them in memory).

A zip may be as large as the batch, any other file as large as one report may be; a file over its limit is
skipped and named on the page, the rest of the upload goes on.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from gongkai_platform.supervision import bulk_audit


class SpooledFile:
    """An uploaded file on disk, closed until opened; `discard()` deletes it. `index`: its place in the request."""

    def __init__(self, name: str, path: str, size: int, index: int = 0):
        self.name, self.path, self.size, self.index = name, path, size, index

    def open(self) -> File:
        return File(open(self.path, "rb"), name=self.name)

    def close(self) -> None:
        """Already closed; Django closes what it collected when a request is refused part-way."""

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)


class BulkAuditUploadHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request.upload_refused = []  # (file name, reason, index) of files skipped here
        self.request.upload_names = []  # every file's name as sent, in order (`with_paths`)
        self.request.upload_spooled = []  # every temporary file made, for the view to delete whatever happens

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.index = len(self.request.upload_names)
        self.request.upload_names.append(file_name)
        archive = bulk_audit.is_archive(file_name)
        self.limit = settings.BULK_AUDIT_MAX_BATCH_BYTES if archive else settings.BULK_AUDIT_MAX_FILE_BYTES
        descriptor, self.path = tempfile.mkstemp(prefix="bulk-audit-", dir=settings.FILE_UPLOAD_TEMP_DIR)
        self.stream = os.fdopen(descriptor, "wb")
        self.request.upload_spooled.append(self.path)

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.stream.close()
            os.unlink(self.path)
            kind = "压缩包" if bulk_audit.is_archive(self.file_name) else "单个文件"
            self.request.upload_refused.append(
                (self.file_name, f"{kind}超过 {bulk_audit.size_text(self.limit)}", self.index)
            )
            raise SkipFile
        self.stream.write(raw_data)
        return None  # no later handler sees the data

    def file_complete(self, file_size):
        self.stream.close()
        return SpooledFile(PurePosixPath(self.file_name).name, self.path, file_size, self.index)


def with_paths(request) -> tuple[list[SpooledFile], list[tuple[str, str]]]:
    """The uploads and the refused files, each named by its path inside the folder chosen when the form's script
    sent `paths` (upload-paths.js: a JSON list, one path a file in the order sent), so that pages in different
    sub-folders stay apart; by its bare name otherwise, or when the list does not match the files sent."""
    uploads = request.FILES.getlist("files")
    refused = getattr(request, "upload_refused", [])
    names = getattr(request, "upload_names", [])
    paths = _paths(request.POST.get("paths", ""), names)
    for upload in uploads:
        upload.name = paths[upload.index]
    return uploads, [(paths[index], reason) for _, reason, index in refused]


def _paths(sent: str, names: list[str]) -> list[str]:
    try:
        paths = json.loads(sent) if sent else None
    except ValueError:
        paths = None
    fits = (
        isinstance(paths, list)
        and len(paths) == len(names)
        and all(
            isinstance(p, str) and PurePosixPath(p).name == PurePosixPath(n).name
            for p, n in zip(paths, names, strict=True)
        )
    )
    if not fits:
        return [PurePosixPath(n).name for n in names]
    return [_relative(p) for p in paths]


def _relative(path: str) -> str:
    """A display name only (never a storage path), kept to its plain parts."""
    parts = [part for part in path.replace("\\", "/").split("/") if part not in ("", ".", "..")]
    return "/".join(parts)[-1000:]

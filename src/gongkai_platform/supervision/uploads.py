"""The bulk audit's upload handler: thousands of files in one request, each written to its own temporary file
and closed at once (a request of 5,000 files must not hold 5,000 open files or keep them in memory).

A zip may be as large as the batch, any other file as large as one report may be; a file over its limit is
skipped and named on the page, the rest of the upload goes on.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from gongkai_platform.supervision import bulk_audit


class SpooledFile:
    """An uploaded file on disk, closed until opened; `discard()` deletes it."""

    def __init__(self, name: str, path: str, size: int):
        self.name, self.path, self.size = name, path, size

    def open(self) -> File:
        return File(open(self.path, "rb"), name=self.name)

    def close(self) -> None:
        """Already closed; Django closes what it collected when a request is refused part-way."""

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)


class BulkAuditUploadHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request.upload_refused = []  # (file name, reason) of files skipped here
        self.request.upload_spooled = []  # every temporary file made, for the view to delete whatever happens

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
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
                (self.file_name, f"{kind}超过 {bulk_audit.size_text(self.limit)}")
            )
            raise SkipFile
        self.stream.write(raw_data)
        return None  # no later handler sees the data

    def file_complete(self, file_size):
        self.stream.close()
        return SpooledFile(PurePosixPath(self.file_name).name, self.path, file_size)

"""An upload handler that stops reading a file once it passes ATTACHMENT_MAX_BYTES, so an oversized upload is
neither held in memory nor spooled whole to disk; the view then says how large a file may be."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class SizeLimitedUploadHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request.upload_too_large = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.ATTACHMENT_MAX_BYTES:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=False)  # the rest of the body is read and discarded
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers (memory, then temporary file) keep the data

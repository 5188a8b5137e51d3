"""The S3 backend that `STORAGE_URL` names (protocol/storage_url.py): django-storages' S3Storage, except that a
file opened for reading streams.

django-storages' own S3File downloads the whole object into a SpooledTemporaryFile (in memory unless
AWS_S3_MAX_MEMORY_SIZE is set) before the first byte is read: a 500 MB download would cost a worker 500 MB, and a
thumbnail of a large PDF would wait for all of it. Here a read-only file asks S3 for byte ranges as they are read:
one GET from the current position stays open while reads go forward (a download is one GET, read in blocks), and
a seek starts another (pypdf and pdfium jump to the end of a PDF first). Writes keep S3File (multipart upload)."""

import io

from botocore.exceptions import ClientError
from django.core.files.base import File
from storages.backends.s3 import S3Storage, _filter_download_params
from storages.utils import clean_name

# What one read from S3 brings at least: a download's 4 KB reads come from it, a PDF's scattered reads need few GETs.
READ_BUFFER = 1 << 20


class _RangeReader(io.RawIOBase):
    """One object's bytes, seekable, fetched from the current position on demand."""

    def __init__(self, obj, *, size: int, params: dict):
        self._obj = obj
        self._size = size
        self._params = params
        self._position = 0
        self._body = None
        self._body_at = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        start = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        self._position = max(0, start + offset)
        return self._position

    def readinto(self, buffer) -> int:
        if self._position >= self._size or not len(buffer):
            return 0
        if self._body is None or self._body_at != self._position:
            self._close_body()
            response = self._obj.get(Range=f"bytes={self._position}-", **self._params)
            self._body, self._body_at = response["Body"], self._position
        data = self._body.read(len(buffer))
        buffer[: len(data)] = data
        self._position += len(data)
        self._body_at += len(data)
        return len(data)

    def close(self) -> None:
        self._close_body()
        super().close()

    def _close_body(self) -> None:
        if self._body is not None:
            self._body.close()
            self._body = None


class StreamingS3File(File):
    """What `storage.open(name, "rb")` returns: a Django File over the ranged reader, its size from one HEAD."""

    def __init__(self, obj, *, name: str, params: dict):
        self._obj, self._params = obj, params
        super().__init__(self._reader(), name)
        self.size = obj.content_length
        self.mode = "rb"

    def _reader(self) -> io.BufferedReader:
        return io.BufferedReader(
            _RangeReader(self._obj, size=self._obj.content_length, params=self._params), READ_BUFFER
        )

    def open(self, mode=None):
        # A FieldFile keeps its file: opening it again after a `with` closed it reads from the start, as on disk.
        if self.closed:
            self.file = self._reader()
        else:
            self.seek(0)
        return self


class MediaS3Storage(S3Storage):
    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode or "+" in mode:
            return super()._open(name, mode)
        key = self._normalize_name(clean_name(name))
        # The download half of the object parameters (SSE-C keys), as S3File sends them (a private helper of the
        # pinned django-storages; the S3 tests run against a real server).
        params = _filter_download_params(self.get_object_parameters(key))
        obj = self.bucket.Object(key)
        try:
            obj.load(**params)  # the HEAD: a missing file fails here, as open() does on disk
        except ClientError as err:
            if err.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                raise FileNotFoundError(f"File does not exist: {name}") from err
            raise
        file = StreamingS3File(obj, name=name, params=params)
        # Text mode, as S3File gives it (nothing here opens a stored file as text, but the API allows it).
        return file if "b" in mode else File(io.TextIOWrapper(file.file, encoding="utf-8"), name)

"""File storage that never leaves a half-written file (docs/scaling.md, "Faults").

Django's FileSystemStorage writes straight to the final name: when the disk
fills up in the middle, a truncated file stays behind under a name that looks
valid. Here a file is written to a hidden temporary name in the same folder,
flushed to disk, and only then linked to its final name (which, as in Django,
is never an existing file's). If anything fails, the temporary file is
removed and the error goes up to the caller (khabar.news.services.image_create
turns it into a Persian message for the newsroom).
"""

from __future__ import annotations

import contextlib
import os
import tempfile

from django.core.files.storage import FileSystemStorage


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        if self.directory_permissions_mode is not None:
            old_umask = os.umask(0o777 & ~self.directory_permissions_mode)
            try:
                os.makedirs(directory, self.directory_permissions_mode, exist_ok=True)
            finally:
                os.umask(old_umask)
        else:
            os.makedirs(directory, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".upload-", suffix=".part", dir=directory)
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in content.chunks():  # from the start, as Django's storage does
                    out.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                out.flush()
                os.fsync(out.fileno())  # a full disk may only say so here
            while True:
                try:
                    os.link(temporary, full_path)  # fails if the name was taken meanwhile
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
            # The temporary file was private (0600); give the file the usual permissions.
            mode = self.file_permissions_mode
            if mode is None:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            os.chmod(full_path, mode)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        return str(name).replace("\\", "/")

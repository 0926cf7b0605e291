"""Kombu's filesystem transport, with messages that appear in the queue folder whole.

The stock transport writes a message file in place, and a consumer may move and
read it before the writer has finished: it then parses an empty file and the
worker dies with JSONDecodeError (seen under a burst of diary writes). Writing to a
temporary name and renaming it, which is atomic on one filesystem, means a consumer
only ever sees complete messages.

Reading is defensive too, for files this transport did not write (kombu's stock
writer, from another process, or one that died mid-write): a file another process
still holds locked is being written and is left for the next poll, and a file that
is not whole JSON is renamed aside (``.corrupt``) and logged instead of killing the
worker.

A consumer claims a message by renaming it to ``.claimed`` and removes it right
after reading it, so a ``.claimed`` file that is minutes old belongs to a consumer
that died in between: it is renamed back and delivered again. The work it carries
is idempotent and also owed in the database (the periodic scans), so a second
delivery is harmless and a lost one is not.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import time
import uuid
from queue import Empty
from time import monotonic
from typing import Any

from kombu.transport import filesystem
from kombu.utils.encoding import bytes_to_str, str_to_bytes
from kombu.utils.json import dumps, loads

logger = logging.getLogger("hipwell.queue")

# A claim is held for the few milliseconds it takes to read one file.
STALE_CLAIM_SECONDS = 300
CLAIMED = ".claimed"


class Channel(filesystem.Channel):
    # Kombu's own base classes disagree on this signature; this matches how it is called.
    def _put(self, queue: str, message: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Put a message on the queue: write it aside, then rename it into place."""
        filename = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, filename)
        # Not ending in ".msg": consumers skip it until the rename.
        partial = final + ".partial"
        try:
            with open(partial, "wb") as handle:
                handle.write(str_to_bytes(dumps(message)))
            os.replace(partial, final)
        except OSError as exc:
            raise filesystem.ChannelError(f"Cannot add file {final!r} to directory") from exc

    def _get(self, queue: str, timeout: Any = None) -> Any:
        """Take the oldest whole message of the queue; skip files still being written."""
        wanted = f"{queue}.msg"
        names = sorted(os.listdir(self.data_folder_in))
        self._recover_stale_claims(names, wanted)
        for filename in names:
            if filename.partition(".")[2] != wanted:
                continue
            path = os.path.join(self.data_folder_in, filename)
            claimed = self._claim(path)
            if claimed is None:
                continue
            try:
                with open(claimed, "rb") as handle:
                    message = loads(bytes_to_str(handle.read()))
            except ValueError:
                logger.error("queue file %s is not whole JSON; set aside as .corrupt", path)
                os.replace(claimed, path + ".corrupt")
                continue
            if self.store_processed:
                shutil.move(claimed, os.path.join(self.processed_folder, filename))
            else:
                os.remove(claimed)
            return message
        raise Empty()

    def _claim(self, path: str) -> str | None:
        """Rename a message file to ours; None if it is gone or still being written.

        kombu's stock writer holds an exclusive flock while it writes: a lock we cannot
        take means the content is not complete yet. Renaming while holding the lock
        makes the claim exclusive: a second consumer finds the name gone.
        """
        claimed = path + CLAIMED
        try:
            with open(path, "rb") as handle:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return None
                # The claim's age is its file's age: stamp it before the name changes,
                # so a message that waited long in the queue is not taken for stale.
                os.utime(handle.fileno())
                os.rename(path, claimed)
        except FileNotFoundError:
            return None  # another consumer claimed it first
        return claimed

    def _recover_stale_claims(self, names: list[str], wanted: str) -> None:
        """Put back messages whose consumer died between claiming and removing them."""
        cutoff = time.time() - STALE_CLAIM_SECONDS
        for filename in list(names):
            if not filename.endswith(CLAIMED):
                continue
            original = filename.removesuffix(CLAIMED)
            if original.partition(".")[2] != wanted:
                continue
            claimed = os.path.join(self.data_folder_in, filename)
            try:
                if os.stat(claimed).st_mtime > cutoff:
                    continue
                os.rename(claimed, os.path.join(self.data_folder_in, original))
            except FileNotFoundError:
                continue  # its consumer finished, or another one put it back first
            logger.warning("queue file %s was claimed by a consumer that died; put back", original)
            names.append(original)
        names.sort()


class Transport(filesystem.Transport):
    Channel = Channel

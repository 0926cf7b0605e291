"""Kombu's filesystem transport, with messages that appear in the queue folder whole.

The stock transport writes a message file in place, and a consumer may move and
read it before the writer has finished: it then parses an empty file and the
worker dies with JSONDecodeError (seen under a burst of diary writes). Writing to a
temporary name and renaming it, which is atomic on one filesystem, means a consumer
only ever sees complete messages.
"""

from __future__ import annotations

import os
import uuid
from time import monotonic
from typing import Any

from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


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


class Transport(filesystem.Transport):
    Channel = Channel

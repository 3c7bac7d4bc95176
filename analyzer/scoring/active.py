"""Which trained model scans use: none until `footprint model use ID` says so.

`footprint train` writes each model into the user's models folder under its own id
(`<id>.skops`, its metadata `<id>.json` and the data-only export `<id>.export.json`) and never
activates it. `active.json` in that folder names the active model; without it scans use the
bundled model. An active model that no longer fits this footprint (another feature list, format
or phase order) is set aside: `active.json` then records it under `set_aside` with the reason,
one warning is logged, scans use the bundled model and say so in their confidence reasons, until
`footprint model use` or `footprint model reset`.
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

ACTIVE_FILE = "active.json"
BUNDLED_ID = "bundled"


def models_dir(settings) -> Path:
    return settings.data_dir() / "models"


def model_path(settings, model_id: str) -> Path:
    return models_dir(settings) / f"{model_id}.skops"


def read_state(settings) -> dict[str, Any]:
    """{"active": id | None, "set_aside": {"id", "reason"} | None}; a missing or unreadable file = none."""
    try:
        data = json.loads((models_dir(settings) / ACTIVE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"active": None, "set_aside": None}
    if not isinstance(data, dict):
        return {"active": None, "set_aside": None}
    active = data.get("active") if isinstance(data.get("active"), str) else None
    aside = data.get("set_aside") if isinstance(data.get("set_aside"), dict) else None
    return {"active": active, "set_aside": aside}


def write_state(settings, active: str | None, set_aside: dict[str, str] | None = None) -> None:
    folder = models_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / (ACTIVE_FILE + ".tmp")
    tmp.write_text(json.dumps({"active": active, "set_aside": set_aside}, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, folder / ACTIVE_FILE)


def trained_ids(settings) -> list[str]:
    """Ids of the trained models in the models folder (those with an export), oldest first."""
    folder = models_dir(settings)
    if not folder.is_dir():
        return []
    exports = sorted(folder.glob("*.export.json"), key=lambda p: (p.stat().st_mtime, p.name))
    return [p.name.removesuffix(".export.json") for p in exports if not p.name.startswith("bundled-")]


def set_aside(settings, model_id: str, reason: str) -> None:
    """Deactivate `model_id` because it no longer fits; one warning line."""
    log.warning("model %s no longer fits this footprint (%s); it is set aside and the bundled model "
                "is used (footprint model use/reset)", model_id, reason)
    try:
        write_state(settings, None, {"id": model_id, "reason": reason[:300]})
    except OSError as exc:  # a read-only home: warn again next time rather than fail the scan
        log.warning("cannot record that model %s was set aside: %s", model_id, exc)


def set_aside_reason(settings) -> dict[str, str] | None:
    """A confidence reason (en, nl) when an activated model was set aside, else None."""
    aside = read_state(settings)["set_aside"]
    if not aside:
        return None
    mid, why = str(aside.get("id", "?")), str(aside.get("reason", ""))
    return {"en": f"The activated model {mid} no longer fits this version of footprint ({why}); "
                  "the bundled model was used.",
            "nl": f"Het geactiveerde model {mid} past niet meer bij deze versie van footprint ({why}); "
                  "het meegeleverde model is gebruikt."}

# A pytest plugin for the host-suite oracle (host-suite.ts): while DS01's own tests run against DS01's own code,
# it records every call of the host functions that ds01 re-implements, with the inputs as the function saw them
# and what it answered, and each test's outcome. Nothing here decides what is right: host-suite.test.ts replays
# each recorded call through our code and compares.
import copy
import importlib._bootstrap_external as bootstrap
import json
import os
import sys
from unittest import mock

OUT = os.environ["DS01_ORACLE_OUT"]
_vectors = []
_outcomes = {}
_current = {"test": None}
_seen = set()


def _record(kind, inputs, output):
    key = json.dumps([kind, inputs], sort_keys=True, default=str)
    if key in _seen:
        return
    _seen.add(key)
    _vectors.append({"test": _current["test"], "kind": kind, "inputs": inputs, "output": output})


def _plain(value):
    return json.loads(json.dumps(value, default=str))


def _wrap_parser(module):
    cls = getattr(module, "ResourceLimitParser", None)
    if cls is None or getattr(cls, "_ds01_recorded", False):
        return
    cls._ds01_recorded = True

    def method(name, kind, extra=None):
        original = getattr(cls, name)

        def wrapper(self, *args):
            config = _plain(copy.deepcopy(self.config))
            result = original(self, *args)
            inputs = {"config": config, "args": list(args)}
            if extra:
                inputs.update(extra(self))
            _record(kind, inputs, _plain(_limits_view(module, result) if kind == "limits" else result))
            return result

        setattr(cls, name, wrapper)

    def exemptions(self):
        path = self.config_dir / "lifecycle-exemptions.yaml"
        try:
            return {"exemptions": path.read_text() if path.exists() else None}
        except OSError:
            return {"exemptions": None}

    method("get_user_limits", "limits")
    method("get_user_group", "group")
    method("get_lifecycle_policies", "policies")
    method("check_exemption", "exemption", exemptions)


def _limits_view(module, limits):
    """The user's limits as the host's own readers take them (get_resource_limits.py --json and its helpers)."""
    quota = module._resolve_max_gpu_equivalents(limits)
    cap = module._resolve_max_gpu_slots_per_container(limits)
    sentinel = module._SENTINEL
    return {
        "group": limits.get("_group"),
        "max_gpu_equivalents": 1.0 if quota is sentinel else quota,
        "max_gpu_slots_per_container": 1 if cap is sentinel else cap,
        "max_containers_per_user": limits.get("max_containers_per_user", 3),
        "cpus": limits.get("max_cpus") or limits.get("cpus", 16),
        "memory": limits.get("memory", "32g"),
        "idle_timeout_h": limits.get("idle_timeout_h"),
        "max_runtime_h": limits.get("max_runtime_h"),
        "gpu_hold_after_stop_h": limits.get("gpu_hold_after_stop_h"),
        "container_hold_after_stop_h": limits.get("container_hold_after_stop_h"),
    }


def _answer(fn, *args):
    """What a (possibly mocked) resolver answers, without counting a call on a mock the test may assert on."""
    if isinstance(fn, mock.Mock):
        effect = fn.side_effect
        if callable(effect) and not isinstance(effect, type):
            try:
                return effect(*args)
            except Exception:  # noqa: BLE001 - a side effect that raises means "not resolvable"
                return None
        if effect is not None:
            return None
        return fn.return_value
    try:
        return fn(*args)
    except Exception:  # noqa: BLE001
        return None


def _wrap_tracker(module):
    cls = getattr(module, "ContainerOwnerTracker", None)
    if cls is None or getattr(cls, "_ds01_recorded", False):
        return
    cls._ds01_recorded = True
    original = cls._detect_owner

    def detect(self, container_data):
        data = _plain(copy.deepcopy(container_data))
        result = original(self, container_data)
        labels = (data.get("Config") or {}).get("Labels") or {}
        name = (data.get("Name") or "").lstrip("/")
        users = set()
        for value in [labels.get("devcontainer.local_folder", ""), labels.get("com.docker.compose.project.working_dir", "")] + [
            b for b in ((data.get("HostConfig") or {}).get("Binds") or []) if isinstance(b, str)
        ]:
            if value.startswith("/home/") and len(value.split("/")) >= 3:
                users.add(value.split("/")[2])
        accounts = {u: _answer(self._resolve_username_to_uid, u) for u in sorted(users)}
        uid_names = {}
        if "._." in name:
            try:
                uid = int(name.split("._.")[-1])
                uid_names[str(uid)] = _answer(self._resolve_uid_to_username, uid)
            except ValueError:
                pass
        owned = {}
        for b in (data.get("HostConfig") or {}).get("Binds") or []:
            if isinstance(b, str) and b.startswith("/home/") and len(b.split("/")) >= 3:
                uid = accounts.get(b.split("/")[2])
                owned[b] = bool(uid is not None and _answer(self._validate_path_ownership, b, uid))
        _record("owner", {"container": data, "accounts": accounts, "uidNames": uid_names, "pathOwned": owned}, _plain(list(result)))
        return result

    cls._detect_owner = detect


def _wrap(module):
    name = getattr(module, "__file__", "") or ""
    if name.endswith("get_resource_limits.py"):
        _wrap_parser(module)
    elif name.endswith("container-owner-tracker.py"):
        _wrap_tracker(module)
    elif name.endswith("username_utils.py"):
        original = module.sanitize_username_for_slice
        if getattr(original, "_ds01_recorded", False):
            return

        def sanitize(username):
            result = original(username)
            _record("sanitize", {"user": username}, result)
            return result

        sanitize._ds01_recorded = True
        module.sanitize_username_for_slice = sanitize


# Host modules are imported by the tests at any time, some freshly for each test (importlib by path): wrap each
# as it is executed.
_exec = bootstrap.SourceFileLoader.exec_module


def _exec_and_wrap(self, module):
    _exec(self, module)
    _wrap(module)


bootstrap.SourceFileLoader.exec_module = _exec_and_wrap


def pytest_runtest_setup(item):
    _current["test"] = item.nodeid
    # get_resource_limits binds username_utils' function at import: wrap its copy too.
    gr = sys.modules.get("get_resource_limits")
    uu = sys.modules.get("username_utils")
    if gr is not None and uu is not None and gr.sanitize_username_for_slice is not uu.sanitize_username_for_slice:
        gr.sanitize_username_for_slice = uu.sanitize_username_for_slice


def pytest_runtest_logreport(report):
    if report.when == "call" or report.outcome != "passed":
        outcome = "xfail" if hasattr(report, "wasxfail") else report.outcome
        if _outcomes.get(report.nodeid) in (None, "passed"):
            _outcomes[report.nodeid] = outcome


def pytest_sessionfinish(session):
    with open(OUT, "w") as f:
        json.dump({"outcomes": _outcomes, "vectors": _vectors}, f, default=str)

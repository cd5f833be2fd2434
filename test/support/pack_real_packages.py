"""Packs Python packages already installed on this machine into wheels and sdists, at test time.

PyPI is not reachable from the test machines, so the false-positive measurement of the code scanner
runs on what is here: every *.dist-info with a RECORD in the system Python's site-packages and in
Debian's dist-packages becomes a wheel (the files RECORD lists, scripts under *.data/scripts as pip
found them), and every source tree with a setup.py or pyproject.toml under the roots given becomes a
.tar.gz sdist written the way setuptools writes one (tarfile, PAX format). Nothing is kept: the
archives go to the temp folder the caller passes and are removed with it.

Usage: python3 pack_real_packages.py OUT_DIR MAX_BYTES SDIST_ROOT... ; prints a JSON manifest.
"""
import configparser
import glob
import json
import os
import re
import site
import sys
import tarfile
import zipfile

out_dir, max_bytes, sdist_roots = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
SKIP_PARTS = ("__pycache__/",)


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def metadata(dist_info):
    name = version = None
    with open(os.path.join(dist_info, "METADATA"), encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith("Name:") and name is None:
                name = line.split(":", 1)[1].strip()
            elif line.startswith("Version:") and version is None:
                version = line.split(":", 1)[1].strip()
            elif not line.strip():
                break
    return name, version


def entry_point_scripts(dist_info):
    """Scripts pip generates from entry points: not part of the wheel."""
    path = os.path.join(dist_info, "entry_points.txt")
    if not os.path.exists(path):
        return set()
    parser = configparser.ConfigParser(delimiters=("=",))
    parser.optionxform = str
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error:
        return set()
    return {key for section in ("console_scripts", "gui_scripts") if parser.has_section(section) for key in parser[section]}


def wheel_files(site_dir, dist_info, name, version):
    generated = entry_point_scripts(dist_info)
    data_dir = f"{name.replace('-', '_')}-{version}.data"
    files = []
    with open(os.path.join(dist_info, "RECORD"), encoding="utf-8", errors="replace") as fh:
        for line in fh:
            rel = line.rsplit(",", 2)[0]
            if not rel or rel.endswith(".pyc") or any(part in rel for part in SKIP_PARTS):
                continue
            absolute = os.path.normpath(os.path.join(site_dir, rel))
            if not os.path.isfile(absolute):
                continue
            if rel.startswith(".."):
                script = os.path.basename(absolute)
                if os.path.basename(os.path.dirname(absolute)) == "bin" and script not in generated:
                    files.append((f"{data_dir}/scripts/{script}", absolute))
                continue
            files.append((rel, absolute))
    return files


manifest = []
seen = set()
site_dirs = site.getsitepackages() + ["/usr/lib/python3/dist-packages"]
for site_dir in site_dirs:
    for dist_info in sorted(glob.glob(os.path.join(site_dir, "*.dist-info"))):
        if not os.path.exists(os.path.join(dist_info, "RECORD")) or not os.path.exists(os.path.join(dist_info, "METADATA")):
            continue
        name, version = metadata(dist_info)
        if not name or not version or normalise(name) in seen:
            continue
        files = wheel_files(site_dir, dist_info, name, version)
        size = sum(os.path.getsize(path) for _, path in files)
        if not files or size > max_bytes:
            continue
        seen.add(normalise(name))
        filename = f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
        target = os.path.join(out_dir, filename)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as wheel:
            for arcname, path in files:
                wheel.write(path, arcname)
        manifest.append({"kind": "wheel", "name": name, "version": version, "filename": filename, "path": target, "source": site_dir})

for root in sdist_roots:
    for tree in sorted(glob.glob(os.path.join(root, "*", ""))):
        if not (os.path.exists(os.path.join(tree, "setup.py")) or os.path.exists(os.path.join(tree, "pyproject.toml"))):
            continue
        name = os.path.basename(os.path.normpath(tree))
        base = f"{name}-0"
        files = []
        for folder, dirs, names in os.walk(tree):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for file_name in sorted(names):
                if file_name.endswith(".pyc"):
                    continue
                path = os.path.join(folder, file_name)
                if os.path.isfile(path) and not os.path.islink(path):
                    files.append((f"{base}/{os.path.relpath(path, tree)}", path))
        size = sum(os.path.getsize(path) for _, path in files)
        if not files or size > max_bytes:
            continue
        filename = f"{base}.tar.gz"
        target = os.path.join(out_dir, filename)
        with tarfile.open(target, "w:gz", format=tarfile.PAX_FORMAT, compresslevel=6) as sdist:
            for arcname, path in files:
                sdist.add(path, arcname, recursive=False)
        manifest.append({"kind": "sdist", "name": name, "version": "0", "filename": filename, "path": target, "source": root})

print(json.dumps(manifest))

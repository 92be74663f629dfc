"""`./run.sh` as a person at the terminal meets it: the tasks and their help in
Indonesian, and every command-line mistake answered in Indonesian with what to type,
without a Python traceback and without writing anything (plugins/common/cli.py)."""

import os
import re
import subprocess

import pytest

from conftest import ROOT

ENGLISH = ("No idea", "did not receive", "Flag ", "Traceback", "Usage:", "Available tasks", "Docstring")


def run_sh(*args, env=None, cwd=ROOT):
    env = {**os.environ, "SITUS_DAERAH_VENV": str(ROOT / ".venv"), **(env or {})}
    env.pop("SITUS", None)
    result = subprocess.run(["bash", str(ROOT / "run.sh"), *args], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=120)
    out = result.stdout + result.stderr
    assert not [w for w in ENGLISH if w in out], out
    return result.returncode, out


def test_help_lists_every_task_in_indonesian():
    code, out = run_sh("help")
    assert code == 0, out
    assert "Pemakaian: ./run.sh <tugas> [opsi]" in out and "Tugas:" in out
    assert "Membuat berkas konten dengan semua kolom wajib" in out  # new
    assert "Memeriksa semua konten tanpa menulis apa pun" in out  # check
    assert "perbarui-kit" not in out  # a site's own command, not the kit's
    assert run_sh("--help")[1] == out and run_sh("-h")[1] == out


def test_each_task_is_listed_with_a_whole_sentence():
    """`./run.sh help` shows the first line of each task's description: a whole sentence."""
    code, out = run_sh("help")
    listing = out.split("Tugas:", 1)[1]
    entries = re.split(r"\n  (?=[a-z][a-z-]+ +[A-Z])", "\n" + listing.strip("\n"))
    described = {e.split()[0]: " ".join(e.split()[1:]) for e in entries if e.strip()}
    assert {"build", "check", "new", "serve", "situs-baru", "tautan", "nginx-csp", "test"} <= set(described), described
    assert all(text.endswith((".", ")")) for text in described.values()), described


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_a_task_s_help_names_its_arguments_and_options(flag):
    # Asked for before its required argument, which invoke would have taken the flag for.
    code, out = run_sh("new", flag)
    assert code == 0, out
    assert "Pemakaian: ./run.sh new <jenis-konten> [opsi]" in out
    assert "--judul=TEKS" in out and "--opd=TEKS" in out and "--rancangan" in out
    assert "-u" not in out.split()  # no one-letter flags: nothing to guess
    code, out = run_sh("build", flag)
    assert code == 0 and "--output=TEKS" in out and "--jejak" in out, out


def content_files():
    return sorted((ROOT / "content").rglob("*.md"))


@pytest.mark.parametrize("args, said", [
    (["bulid"], 'Tugas "bulid" tidak ada. Maksud Anda build?'),
    (["new", "berita", "--opd", "dinkes", "--judul", "Banjir", "di", "Desa"],
     '"di" tidak dipahami. Nilai opsi ditulis sesudah nama opsinya, dan nilai yang berisi spasi diapit tanda kutip'),
    (["new", "berita", "--opd", "dinkes", "--jdul", "Banjir"], "opsi --jdul tidak dikenal. Maksud Anda --judul?"),
    (["new", "berita", "--opd"], "opsi --opd perlu nilai"),
    (["new", "berita", "-opd", "dinkes", "--judul", "Banjir"], "./run.sh new: tulis --opd dengan dua tanda minus, bukan -opd."),
    (["new"], "./run.sh new perlu <jenis-konten> sesudah nama tugasnya"),
    (["new", "berita", "--opd", "dinkes"], 'judul wajib diisi, mis. --judul "Rapat Koordinasi Stunting"'),
    (["new", "berita", "--judul", "Banjir"], "--opd wajib diisi: slug OPD dari content/opd.toml; pilihan: "),
    (["situs-baru"], "--nama wajib diisi"),
    (["situs-baru", "--nama", "Sukamaju Timur"], "--domain wajib diisi"),
    (["check", "--format"], "opsi --format perlu nilai"),
    (["build", "--jejak=ya"], "./run.sh build: opsi --jejak tidak memakai nilai; tulis --jejak saja."),
    # A value the schema does not allow: its own message, before anything is written.
    (["new", "dip", "--opd", "dinkes", "--judul", "Profil", "--jenis", "salah"],
     '--jenis: nilai "salah" tidak dikenal; pilihan yang boleh: berkala, serta-merta, setiap-saat, dikecualikan'),
    (["new", "dip", "--opd", "dinkes", "--judul", "Profil", "--kategori", "profil-dinas"],
     '--kategori: nilai "profil-dinas" tidak dikenal; pilihan yang boleh: profil, program-kegiatan'),
    (["new", "regulasi", "--judul", "Keterbukaan Informasi", "--jenis", "perbupx"],
     '--jenis: nilai "perbupx" tidak dikenal; mungkin maksudnya perbup? pilihan yang boleh: perda, perbup'),
])
def test_a_mistake_on_the_command_line_is_answered_in_indonesian_and_writes_nothing(args, said):
    before = content_files()
    code, out = run_sh(*args)
    assert code == 2, out
    assert said in out, out
    assert content_files() == before
    assert not (ROOT.parent / "situs-kabupaten-sukamaju-timur").exists()


@pytest.mark.parametrize("task", ["check", "build"])
def test_broken_settings_are_explained_by_check_as_by_build(tmp_path, task):
    """`check` is CI's first step and the pre-commit hook: a typo in pelicanconf.py gets the
    build's Indonesian explanation with its file and line, not Python's traceback."""
    (tmp_path / "pelicanconf.py").write_text('SITENAME = "Situs"\nMENU = (\n', encoding="utf-8")
    env = {**os.environ, "SITUS": str(tmp_path)}
    result = subprocess.run([str(ROOT / ".venv/bin/python"), str(ROOT / "tasks.py"), task], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "Pengaturan tidak dapat dibaca." in out and "pelicanconf.py, baris 2: '(' tidak pernah ditutup" in out, out
    assert not [w for w in ENGLISH if w in out], out
    assert not (tmp_path / "output").exists()


def test_situs_baru_puts_a_relative_folder_where_it_was_called_and_is_no_task_of_a_site(tmp_path):
    """run.sh works from the kit's folder: `--folder situs-mekarsari` made the new site inside
    the kit's checkout; and run from a site, situs-baru made a site inside that site."""
    code, out = run_sh("situs-baru", "--nama", "Mekarsari", "--jenis", "kota", "--domain", "mekarsarikota.go.id",
                       "--folder", "situs-mekarsari", cwd=tmp_path)
    assert code == 0, out
    assert (tmp_path / "situs-mekarsari/pelicanconf.py").is_file() and not (ROOT / "situs-mekarsari").exists()
    env = {**os.environ, "SITUS": str(tmp_path / "situs-mekarsari"), "PYTHONPATH": str(ROOT / "plugins")}
    result = subprocess.run([str(ROOT / ".venv/bin/python"), str(ROOT / "tasks.py"), "situs-baru", "--nama", "Cibiru",
                             "--domain", "cibirukota.go.id"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "situs-baru membuat situs daerah lain dari kit, bukan di dalam situs ini" in result.stdout + result.stderr
    assert not list((tmp_path / "situs-mekarsari").glob("situs-*"))


def test_perbarui_situs_is_a_site_s_task_not_the_kit_s():
    code, out = run_sh("perbarui-situs")
    assert code == 2 and "perbarui-situs untuk situs buatan situs-baru, bukan untuk kit itu sendiri" in out, out


def test_deploy_and_rollback_install_the_task_runner_alone(tmp_path):
    """A CI job that only deploys or rolls back (GitLab's deploy and rollback, GitHub's
    kembalikan) starts from an empty environment: it installs requirements-deploy.lock,
    not the site's 160 MB, and deploys, lists and rolls back with it."""
    venv, target, output = tmp_path / "venv", tmp_path / "srv", tmp_path / "output"
    output.mkdir()
    target.mkdir()
    said = []
    for n in (1, 2):
        (output / "index.html").write_text(
            f'<!doctype html><link rel="canonical" href="https://sukamaju.go.id/"><title>Rilis {n}</title>', encoding="utf-8")
        code, out = run_sh("deploy", "--target", str(target), "--output", str(output), env={"SITUS_DAERAH_VENV": str(venv)})
        assert code == 0, out
        said.append(out)
    assert "Memasang paket untuk deploy dan rollback dari requirements-deploy.lock (1 paket" in said[0], said[0]
    assert "Memasang" not in said[1], said[1]  # installed once
    code, out = run_sh("releases", "--target", str(target), env={"SITUS_DAERAH_VENV": str(venv)})
    assert code == 0 and out.count("\n* ") + out.startswith("* ") == 1 and len(re.findall(r"^[ *] \S", out, re.M)) == 2, out
    code, out = run_sh("rollback", "--target", str(target), env={"SITUS_DAERAH_VENV": str(venv)})
    assert code == 0, out
    assert "Rilis 1" in (target / "current" / "index.html").read_text(encoding="utf-8")
    installed = subprocess.run([str(venv / "bin/python"), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True).stdout
    assert {line.split("==")[0].lower() for line in installed.split()} - {"pip", "setuptools"} == {"invoke"}, installed


def test_the_kit_s_modules_are_compiled_where_python_would_not_write_them(tmp_path):
    """Where PYTHONDONTWRITEBYTECODE is set (container images often set it), Python
    imports the kit's modules from their source each time; run.sh compiles them once
    each time they change, as pip compiles installed packages, so the next command, a
    build and the preview's build process load them compiled, the edited module too."""
    from conftest import copy_project

    kit = copy_project(tmp_path / "kit")
    env = {**os.environ, "SITUS_DAERAH_VENV": str(ROOT / ".venv"), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("SITUS", None)

    def loaded_compiled():
        """The kit's modules a build imports that Python loaded from their compiled form."""
        proc = subprocess.run([str(ROOT / ".venv/bin/python"), "-v", "-c", "from content import build"],
                              cwd=kit, env={**env, "PYTHONPATH": str(kit / "plugins")}, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return set(re.findall(r"^# code object from '" + re.escape(str(kit / "plugins")) + r"/(\S+?)/__pycache__/(\w+)\.", proc.stderr, re.M))

    assert loaded_compiled() == set()  # a fresh copy: nothing compiled, nothing written by importing
    code = subprocess.run(["bash", str(kit / "run.sh"), "help"], cwd=kit, env=env, capture_output=True, text=True, timeout=120).returncode
    assert code == 0
    compiled = loaded_compiled()
    assert {("content", "build"), ("content", "validate"), ("rendering", "digest")} <= compiled, compiled
    source = kit / "plugins" / "rendering" / "digest.py"
    source.write_text(source.read_text(encoding="utf-8") + "\n# diubah\n", encoding="utf-8")
    os.utime(source, (source.stat().st_atime, source.stat().st_mtime + 5))
    assert ("rendering", "digest") not in loaded_compiled()  # its compiled form is stale: compiled again in memory
    subprocess.run(["bash", str(kit / "run.sh"), "help"], cwd=kit, env=env, capture_output=True, timeout=120, check=True)
    assert ("rendering", "digest") in loaded_compiled()

"""`./run.sh`: invoke's command line with its help and its errors in Indonesian.

run.sh runs ``python tasks.py <task> ...``, which runs this ``Program`` on the tasks of
``tasks.py``. Invoke's parser is kept as it is; what reaches the person at the terminal
is said again in Indonesian: the list of tasks (``./run.sh help``), one task's help
(``./run.sh new --help`` or ``-h``) and every mistake on the command line, from the
parse state invoke reports (the error's context: which task, which option), with the
nearest task or option name when the one typed is close to it. Invoke's own wording
is matched in one place, ``explain``; ``tests/test_cli.py`` runs each case through run.sh,
so a new invoke that words them otherwise fails there, not at a user's terminal.
"""

from __future__ import annotations

import difflib
import inspect
import os
import re
import sys

from invoke import Collection, Exit, ParseError
from invoke import Program as InvokeProgram

RUN = "./run.sh"
USAGE = f"""Pemakaian: {RUN} <tugas> [opsi]

  {RUN} serve           pratinjau situs di http://127.0.0.1:8000 (menyiapkan semuanya lebih dulu)
  {RUN} check           memeriksa semua konten tanpa membangun
  {RUN} <tugas> --help  penjelasan satu tugas dan opsinya (juga: -h)
"""
# A site made by situs-baru: its run.sh's own command (content/situs.py, RUN_SH).
UPGRADE = f"  {RUN} perbarui-kit vX.Y.Z  memakai versi kit lain (kit.txt), lalu memeriksa konten\n"
# Tasks that measure or write the kit itself (BENCHMARKS.md, the author guide): not offered
# in a site made by situs-baru, whose kit/ is a checkout of a released version.
KIT_ONLY = ("bench", "bench-cari", "bench-gambar", "lighthouse", "docs")
# Tasks a site's list does not show: run there, they say where to run them instead.
NOT_LISTED_IN_A_SITE = ("situs-baru",)  # made from a copy of the kit, not inside a site
# invoke's names for an option's value, as its help shows them.
KINDS = (("=STRING", "=TEKS"), ("=INT", "=ANGKA"))
# What invoke says, in the parser's words (invoke/parser/parser.py, program.py).
UNKNOWN = re.compile(r"No idea what '(.*)' is!", re.S)
MISSING = re.compile(r"'(.*)' did not receive required positional arguments: (.*)", re.S)
NEEDS_VALUE = re.compile(r"Flag <Argument: ([\w-]+).*needed value", re.S)


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _nearest(word: str, names) -> str:
    close = difflib.get_close_matches(word, list(names), n=1, cutoff=0.6)
    return f" Maksud Anda {close[0]}?" if close else ""


class Program(InvokeProgram):
    def print_help(self) -> None:  # ./run.sh help, -h, --help, or no task at all
        print(USAGE + (UPGRADE if os.environ.get("SITUS") else ""))
        self.list_tasks()

    def parse_collection(self) -> None:
        super().parse_collection()
        if os.environ.get("SITUS"):
            kept = Collection()
            for name in self.collection.task_names:
                if name not in KIT_ONLY:
                    kept.add_task(self.collection[name], name=name)
            self.collection = self.scoped_collection = kept

    def task_list_opener(self, extra: str = "") -> str:
        return "Tugas"

    def print_columns(self, tuples) -> None:
        if os.environ.get("SITUS"):
            tuples = [(name, text) for name, text in tuples if name.split()[0] not in NOT_LISTED_IN_A_SITE]
        for before, after in KINDS:
            tuples = [(name.replace(before, after), text) for name, text in tuples]
        super().print_columns(tuples)

    def run(self, argv=None, exit: bool = True) -> None:
        # ``<task> --help`` (or ``-h``) anywhere after the task: its help, even when its
        # positional arguments are missing (invoke would take the flag for one of them).
        argv = list(argv if argv is not None else sys.argv)
        helped = [a for a in argv[1:] if a in ("--help", "-h")]
        named = [a for a in argv[1:] if not a.startswith("-")]
        if helped and named and named[0] in self.namespace.task_names:
            argv = [argv[0], "--help", named[0]]
        super().run(argv, exit)

    def print_task_help(self, name: str) -> None:
        context = self.parser.contexts[name]
        tuples = context.help_tuples()
        words = "".join(f" <{a.name.replace('_', '-')}>" for a in context.positional_args)
        print(f"Pemakaian: {RUN} {name}{words}{' [opsi]' if tuples else ''}\n")
        for line in (inspect.getdoc(self.collection[name]) or "").splitlines():
            print(self.leading_indent + line if line.strip() else "")
        print()
        if tuples:
            print("Opsi:")
            self.print_columns(tuples)
        else:
            print("Tugas ini tidak memakai opsi.\n")

    def parse_tasks(self) -> None:
        try:
            super().parse_tasks()
        except ParseError as exc:
            raise Exit(self.explain(exc), code=2) from None
        except ValueError as exc:  # invoke turning an option's value into a number
            raise Exit(self.not_a_number(exc), code=2) from None

    def not_a_number(self, exc: ValueError) -> str:
        """``--port abc``: the option and the number it wants, in Indonesian."""
        value = str(exc).rsplit(": ", 1)[-1].strip("'\"")
        args = list(self.argv[1:])
        flag = next((a.split("=", 1)[0] for a in args if a.startswith("-") and a.endswith("=" + value)), None)
        if flag is None and value in args and args.index(value) > 0 and args[args.index(value) - 1].startswith("-"):
            flag = args[args.index(value) - 1]
        task = next((a for a in args if not a.startswith("-")), "")
        return (f"{RUN} {task}: {flag or 'opsi'} perlu angka, bukan \"{value}\", mis. {flag or '--port'} 8001. "
                f"Penjelasannya: {RUN} {task} --help")

    def parse_cleanup(self) -> None:
        try:
            super().parse_cleanup()
        except ParseError as exc:
            raise Exit(self.explain(exc), code=2) from None

    def explain(self, exc: ParseError) -> str:
        """The parse error in Indonesian, with what to type instead."""
        text = str(exc)
        task = getattr(exc.context, "name", None) if exc.context is not None else None
        tasks = self.collection.task_names
        listing = f"Daftar tugas: {RUN} help"
        if m := UNKNOWN.fullmatch(text):
            word = m.group(1)
            if not task:
                if word.startswith("-"):
                    return f"Opsi {word} tidak dikenal di depan nama tugas. {listing}"
                if word in KIT_ONLY and os.environ.get("SITUS"):
                    return f"Tugas \"{word}\" untuk pengembangan kit itu sendiri, tidak untuk situs ini. {listing}"
                return f"Tugas \"{word}\" tidak ada.{_nearest(word, tasks)} {listing}"
            flags = [f for f in exc.context.flags if f.startswith("--")]
            for token in self.argv:  # `--jejak=ya`: invoke took the flag and left "ya" alone
                name, eq, value = token.partition("=")
                if eq and value == word and name in exc.context.flags and not exc.context.flags[name].takes_value:
                    return f"{RUN} {task}: opsi {name} tidak memakai nilai; tulis {name} saja."
            for token in self.argv:  # `-opd`: read as the one-letter options -o -p -d
                if re.fullmatch(r"-[A-Za-z][\w-]+", token.partition("=")[0]) and "-" + token.partition("=")[0] in flags:
                    return (f"{RUN} {task}: tulis -{token.partition('=')[0]} dengan dua tanda minus, bukan "
                            f"{token.partition('=')[0]}. Opsinya: {RUN} {task} --help")
            if word.startswith("-"):
                return (f"{RUN} {task}: opsi {word} tidak dikenal.{_nearest(word.split('=')[0], flags)} "
                        f"Opsinya: {RUN} {task} --help")
            return (f"{RUN} {task}: \"{word}\" tidak dipahami. Nilai opsi ditulis sesudah nama opsinya, dan nilai "
                    f"yang berisi spasi diapit tanda kutip, mis. --judul \"Rapat Koordinasi Penanganan Banjir\". "
                    f"Opsinya: {RUN} {task} --help")
        if m := MISSING.fullmatch(text):
            names = " ".join(f"<{n.strip(chr(39) + ' ').replace('_', '-')}>" for n in m.group(2).split(","))
            return (f"{RUN} {m.group(1)} perlu {names} sesudah nama tugasnya. "
                    f"Penjelasannya: {RUN} {m.group(1)} --help")
        if m := NEEDS_VALUE.match(text):
            flag = _flag(m.group(1))
            return f"{RUN} {task}: opsi {flag} perlu nilai, mis. {flag} \"…\". Penjelasannya: {RUN} {task} --help"
        return f"Perintah tidak dipahami: {RUN} {' '.join(self.argv[1:])}. {listing}"

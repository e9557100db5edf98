"""Draws one SVG as PNG in a process of its own, under limits of memory and CPU time.

badges/images.py runs this file as a separate Python process (`python -I svg_render_worker.py
WIDTH|- HEIGHT|-`, the SVG on standard input, the PNG on standard output), and kills it when it
takes longer than its budget. It imports neither Django nor the project, so a drawing that
exhausts its memory or time takes only this process down.

Exit codes: 0 drawn; 2 the drawing cannot be drawn (the reason on standard error); 3 it needs
more memory than allowed.
"""

import resource
import sys

MEMORY_BYTES = 512 * 1024 * 1024
CPU_SECONDS = 10  # the parent's wall-clock timeout is shorter; this is the last resort


def main() -> int:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    svg = sys.stdin.buffer.read()
    width, height = (None if value == "-" else int(value) for value in sys.argv[1:3])
    try:
        import cairosvg

        # unsafe=False (the default, spelt out): cairosvg fetches no outside files.
        png = cairosvg.svg2png(
            bytestring=svg, unsafe=False, output_width=width, output_height=height
        )
    except MemoryError:
        return 3
    except Exception as exc:  # cairosvg raises many unrelated types for bad drawings
        if "NO_MEMORY" in str(exc):
            return 3
        sys.stderr.write(f"{exc.__class__.__name__}: {exc}"[:300])
        return 2
    sys.stdout.buffer.write(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""How fast `ign` stops on a signal, and what it leaves behind (RELIABILITY.md, "Signals").

usage: Tools/signal-timing.py IGN MODE SIGNAL [JOBS] [REPEATS]
  MODE   batch   ign project --steps 20 over 200 copies of Examples/fashion-pullover-noisy.png
                 into -o DIR/, signalled 0.5 s in
         image   ign convert of a 4000x3000 JPEG (made once with ImageMagick) --resize 2000x1500,
                 signalled 0.2 s in
         stress  ign convert over 300 small files, a random signal (INT/TERM/HUP) at a random
                 moment (0.05-0.8 s), random -j 1/2/4; REPEATS runs; prints only runs that fail
         train   ign train on the Fashion-MNIST test images (batch 32), signalled after step 3
         eval    ign eval on the Fashion-MNIST test images, signalled 2 s in
  SIGNAL SIGINT, SIGTERM or SIGHUP (ignored by stress)

Each run prints the exit status (negative: killed by that signal), the time from the signal to
the exit, and for batch/image/stress how many outputs exist, how many are not complete PNGs
(they must end with the IEND chunk) and how many temporary files (.ign-*) remain.
"""
import os, random, shutil, signal, statistics, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
example = os.path.join(root, "Examples", "fashion-pullover-noisy.png")
fashion = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"
PNG_END = b"IEND\xaeB`\x82"


def copies(folder, count):
    names = []
    for index in range(count):
        name = os.path.join(folder, "in-%03d.png" % index)
        shutil.copy(example, name)
        names.append(name)
    return names


def inspect(folder):
    """(outputs, incomplete, temporary) under folder, recursively."""
    outputs, incomplete, temporary = 0, 0, 0
    for directory, _, files in os.walk(folder):
        for name in files:
            if directory == folder and name.startswith("in-"):
                continue  # an input
            if ".ign-" in name:
                temporary += 1
            elif name.endswith(".png"):
                outputs += 1
                with open(os.path.join(directory, name), "rb") as file:
                    if not file.read().endswith(PNG_END):
                        incomplete += 1
    return outputs, incomplete, temporary


def timed(command, number, ready):
    """Starts command, waits for ready(process), sends the signal; (status, seconds, stderr)."""
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    ready(process)
    sent = time.monotonic()
    process.send_signal(number)
    status = process.wait()
    seconds = time.monotonic() - sent
    return status, seconds, process.stderr.read().decode().strip()


def after(seconds):
    return lambda process: time.sleep(seconds)


def after_line(marker):
    def wait(process):
        log = b""
        while marker not in log:
            line = process.stderr.readline()
            if not line:
                return
            log += line
    return wait


def main():
    ign, mode = sys.argv[1], sys.argv[2]
    number = getattr(signal, sys.argv[3]) if len(sys.argv) > 3 else signal.SIGINT
    jobs = sys.argv[4] if len(sys.argv) > 4 else "1"
    repeats = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    big = os.path.join(tempfile.gettempdir(), "ign-signal-timing-4000x3000.jpg")
    if mode == "image" and not os.path.exists(big):
        subprocess.run(["convert", "-size", "4000x3000", "plasma:", big], check=True)
    times, failures, finished = [], 0, 0
    for run in range(repeats):
        work = tempfile.mkdtemp(prefix="ign-signal-")
        try:
            if mode == "batch":
                command = [ign, "project", "--steps", "20", "-j", jobs, "-o", os.path.join(work, "out") + "/"] + copies(work, 200)
                status, seconds, stderr = timed(command, number, after(0.5))
            elif mode == "image":
                command = [ign, "convert", big, "--resize", "2000x1500", "-o", os.path.join(work, "small.png")]
                status, seconds, stderr = timed(command, number, after(0.2))
            elif mode == "stress":
                jobs = random.choice(["1", "2", "4"])
                number = random.choice([signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
                delay = random.uniform(0.05, 0.8)
                command = [ign, "convert", "-j", jobs, "-o", os.path.join(work, "out") + "/"] + copies(work, 300)
                status, seconds, stderr = timed(command, number, after(delay))
            elif mode == "train":
                command = [ign, "train", fashion, "-o", os.path.join(work, "m.safetensors"), "--steps", "100000",
                           "--batch-size", "32", "--log-every", "1"]
                status, seconds, stderr = timed(command, number, after_line(b"step 3/"))
            elif mode == "eval":
                command = [ign, "eval", "--data", fashion, "--grid", os.path.join(work, "grid.png")]
                status, seconds, stderr = timed(command, number, after(2))
            else:
                sys.exit(__doc__)
            outputs, incomplete, temporary = inspect(work)
            left = sorted(os.listdir(work)) if mode in ("train", "eval") else None
            if mode == "stress":
                if status == 0 and outputs == 300:
                    finished += 1  # the batch ended before the signal: nothing to check
                    continue
                bad = status != -number or incomplete or temporary or seconds > 0.5
                if bad:
                    failures += 1
                    print("run %d: -j %s %s at %.3f s: status %d, %.3f s after the signal, %d outputs, %d incomplete, "
                          "%d temporary left %s" % (run, jobs, number.name, delay, status, seconds, outputs,
                                                    incomplete, temporary, stderr))
                times.append(seconds)
                continue
            times.append(seconds)
            line = "%s %s -j %s: status %d, %.3f s after the signal" % (mode, number.name, jobs, status, seconds)
            if left is not None:
                line += ", files left: %s, last message: %r" % (left, stderr.splitlines()[-1] if stderr else "")
            else:
                line += ", %d outputs, %d incomplete, %d temporary left" % (outputs, incomplete, temporary)
            print(line)
        finally:
            shutil.rmtree(work)
    if mode == "stress":
        print("%d runs (%d finished before the signal), %d failed" % (repeats, finished, failures))
    if times:
        print("median %.3f s, max %.3f s over %d runs" % (statistics.median(times), max(times), len(times)))


if __name__ == "__main__":
    main()

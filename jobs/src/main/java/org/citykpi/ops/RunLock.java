package org.citykpi.ops;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.citykpi.common.CityKpiException;

/**
 * One lock file per running command in {@code <warehouse>/_locks/}, saying who holds which interval
 * of the warehouse: a command whose interval overlaps a live holder's stops at once naming it (or
 * waits, with {@code --wait}); a lock whose process is gone (same host, its pid no longer runs, or
 * runs a process started at another time) is stale: it is removed, and returned so that the run log
 * can record that run as {@code killed}.
 *
 * <p>Looking at the lock files and creating one's own happen under an OS file lock on {@code
 * _locks/.guard} (released by the OS even on {@code kill -9}), so two commands cannot both see a
 * free interval. Only local warehouses (a path or {@code file:} URI) are locked; on other file
 * systems {@link #dirOf} returns null and runs rely on Delta's optimistic concurrency.
 */
public final class RunLock implements AutoCloseable {
  /** Who holds a lock: enough to find the process and to tell the user. */
  public record Holder(
      String runId,
      String command,
      String host,
      long pid,
      Instant pidStarted,
      Instant startedAt,
      Interval interval) {

    /** The lock file's text (Java properties). */
    public String format() {
      return "run_id="
          + runId
          + "\ncommand="
          + command
          + "\nhost="
          + host
          + "\npid="
          + pid
          + "\npid_started="
          + (pidStarted == null ? "" : pidStarted)
          + "\nstarted_at="
          + startedAt
          + "\nfrom="
          + interval.from()
          + "\nto="
          + interval.to()
          + "\n";
    }

    /** A lock file's holder, or null when the text is not a complete lock (being written). */
    public static Holder parse(String text) {
      Properties p = new Properties();
      try {
        p.load(new StringReader(text));
        String pidStarted = p.getProperty("pid_started", "");
        return new Holder(
            p.getProperty("run_id"),
            p.getProperty("command"),
            p.getProperty("host"),
            Long.parseLong(p.getProperty("pid")),
            pidStarted.isEmpty() ? null : Instant.parse(pidStarted),
            Instant.parse(p.getProperty("started_at")),
            new Interval(
                LocalDate.parse(p.getProperty("from")), LocalDate.parse(p.getProperty("to"))));
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }

    /** How the user sees the holder. */
    public String describe() {
      return "run "
          + runId
          + " ("
          + command
          + " "
          + interval
          + ", host "
          + host
          + ", pid "
          + pid
          + ", started "
          + startedAt
          + ")";
    }

    public boolean overlaps(Interval other) {
      return !interval.to().isBefore(other.from()) && !other.to().isBefore(interval.from());
    }

    /**
     * True when the holder's process is gone: it ran on {@code host} and {@code startOf} (the start
     * time of a live pid, empty for none) finds no process with its pid, or one started at another
     * time (the pid was reused). A holder on another host is never judged stale from here.
     */
    public boolean stale(String thisHost, LongFunction<Optional<Instant>> startOf) {
      if (!host.equals(thisHost)) {
        return false;
      }
      Optional<Instant> started = startOf.apply(pid);
      if (started.isEmpty()) {
        return true;
      }
      return pidStarted != null && !started.get().equals(pidStarted);
    }
  }

  /** What acquiring found: the stale locks it cleared (their runs were killed). */
  private final Path file;

  private final List<Holder> cleared;

  private RunLock(Path file, List<Holder> cleared) {
    this.file = file;
    this.cleared = cleared;
  }

  /** The runs whose stale locks this acquisition removed. */
  public List<Holder> cleared() {
    return cleared;
  }

  /** The lock folder of a local warehouse, or null for one on another file system. */
  public static Path dirOf(String warehouse) {
    if (warehouse.startsWith("file:")) {
      return Paths.get(java.net.URI.create(warehouse)).resolve("_locks");
    }
    if (warehouse.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return null;
    }
    return Paths.get(warehouse).toAbsolutePath().resolve("_locks");
  }

  /** This process as a lock holder. */
  public static Holder self(String runId, String command, Instant startedAt, Interval interval) {
    ProcessHandle me = ProcessHandle.current();
    return new Holder(
        runId,
        command,
        hostName(),
        me.pid(),
        me.info().startInstant().orElse(null),
        startedAt,
        interval);
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** The start time of a live process, empty if none has that pid. */
  static Optional<Instant> processStart(long pid) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .map(h -> h.info().startInstant().orElse(Instant.EPOCH));
  }

  private static final Object IN_JVM = new Object();

  /**
   * Takes the lock of {@code me} in {@code dir}: clears stale locks, then stops (CityKpiException
   * naming the holder) when a live holder's interval overlaps, unless {@code wait}: then polls
   * every {@code poll} until it is free, calling {@code waiting} once with the holder.
   */
  public static RunLock acquire(
      Path dir,
      Holder me,
      boolean wait,
      Duration poll,
      java.util.function.Consumer<Holder> waiting) {
    List<Holder> cleared = new ArrayList<>();
    boolean told = false;
    while (true) {
      Holder blocking = tryAcquire(dir, me, cleared);
      if (blocking == null) {
        return new RunLock(dir.resolve(fileName(me.runId())), List.copyOf(cleared));
      }
      if (!wait) {
        throw new CityKpiException(
            "The warehouse is busy: "
                + blocking.describe()
                + " holds an overlapping interval (lock "
                + dir.resolve(fileName(blocking.runId()))
                + "). Nothing was written. Run again when it ends, or add --wait to wait for it.");
      }
      if (!told) {
        waiting.accept(blocking);
        told = true;
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CityKpiException("Interrupted while waiting for " + blocking.describe(), e);
      }
    }
  }

  static String fileName(String runId) {
    return "run-" + runId + ".lock";
  }

  /** One look under the guard: the blocking holder, or null after writing our own lock file. */
  private static Holder tryAcquire(Path dir, Holder me, List<Holder> cleared) {
    synchronized (IN_JVM) {
      try {
        Files.createDirectories(dir);
        try (FileChannel ch =
                FileChannel.open(
                    dir.resolve(".guard"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock guard = ch.lock()) {
          String host = hostName();
          Holder blocking = null;
          List<Path> files;
          try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".lock")).sorted().toList();
          }
          for (Path f : files) {
            Holder h;
            try {
              h = Holder.parse(Files.readString(f, StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
              continue;
            }
            if (h == null) {
              continue; // being written by a holder outside the guard: cannot happen, or foreign
            }
            if (h.stale(host, RunLock::processStart)) {
              Files.deleteIfExists(f);
              cleared.add(h);
            } else if (h.overlaps(me.interval()) && blocking == null) {
              blocking = h;
            }
          }
          if (blocking != null) {
            return blocking;
          }
          Path own = dir.resolve(fileName(me.runId()));
          if (Files.exists(own)) {
            throw new CityKpiException("Run id " + me.runId() + " is already locked in " + dir);
          }
          // Written aside and moved in, so that a reader never sees half a lock file.
          Path tmp = dir.resolve(fileName(me.runId()) + ".tmp");
          Files.writeString(tmp, me.format(), StandardCharsets.UTF_8);
          Files.move(tmp, own, StandardCopyOption.ATOMIC_MOVE);
          return null;
        }
      } catch (IOException e) {
        throw new CityKpiException(
            "Cannot lock the warehouse in " + dir + ": " + e.getMessage(), e);
      }
    }
  }

  /** Removes this run's lock file. */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A lock left behind is found stale by the next run (its process is gone by then).
    }
  }
}

package org.citykpi.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.citykpi.ops.RunLock;

/**
 * The log file of one command run: everything Spark, Delta and CityKPI log while it runs (stack
 * traces included) goes to {@code <warehouse>/_logs/run-<run id>.log} (for a warehouse that is not
 * a local folder: {@code <java.io.tmpdir>/citykpi-logs/}), while the console keeps only CityKPI's
 * own lines: one line per step and one line per failure, which names this file.
 *
 * <p>Works on the log4j2 configuration the jar ships ({@code log4j2.properties}: a {@code console}
 * appender on the root logger and an {@code org.citykpi} logger); with another configuration (e.g.
 * one spark-submit was given) it only adds the file.
 */
final class RunLogFile implements AutoCloseable {
  /** Logger of failures' stack traces: to the file only. */
  static final String TRACE = "citykpi.trace";

  private static final String NAME = "citykpi-run-file";

  private final Path path;
  private final LoggerContext context;
  private final FileAppender file;
  private final Appender console;

  private RunLogFile(Path path, LoggerContext context, FileAppender file, Appender console) {
    this.path = path;
    this.context = context;
    this.file = file;
    this.console = console;
  }

  /** Where the log of run {@code runId} goes for this warehouse. */
  static Path pathFor(String warehouse, String runId) {
    Path locks = RunLock.dirOf(warehouse);
    Path dir =
        locks == null
            ? Paths.get(System.getProperty("java.io.tmpdir"), "citykpi-logs")
            : locks.resolveSibling("_logs");
    return dir.resolve("run-" + runId + ".log");
  }

  static synchronized RunLogFile open(String warehouse, String runId) {
    Path path = pathFor(warehouse, runId);
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration cfg = context.getConfiguration();
    FileAppender file =
        FileAppender.newBuilder()
            .setName(NAME)
            .withFileName(path.toString())
            .withCreateOnDemand(false)
            .setLayout(
                PatternLayout.newBuilder()
                    .withConfiguration(cfg)
                    .withPattern("%d{ISO8601}{UTC}Z %p %c: %m%n")
                    .build())
            .setConfiguration(cfg)
            .build();
    file.start();
    cfg.addAppender(file);
    LoggerConfig root = cfg.getRootLogger();
    root.addAppender(file, null, null);
    Appender console = root.getAppenders().get("console");
    LoggerConfig own = cfg.getLoggers().get("org.citykpi");
    if (console != null && own != null && own.getName().equals("org.citykpi")) {
      // Spark's and Delta's lines (task failures with their traces) go to the file only.
      root.removeAppender("console");
      own.addAppender(console, null, null);
    } else {
      console = null;
    }
    context.updateLoggers();
    return new RunLogFile(path, context, file, console);
  }

  Path path() {
    return path;
  }

  /** Writes a failure's stack trace to the file (never to the console). */
  static void trace(String what, Throwable t) {
    LogManager.getLogger(TRACE).error(what, t);
  }

  @Override
  public synchronized void close() {
    Configuration cfg = context.getConfiguration();
    LoggerConfig root = cfg.getRootLogger();
    root.removeAppender(NAME);
    if (console != null) {
      cfg.getLoggers().get("org.citykpi").removeAppender("console");
      root.addAppender(console, null, null);
    }
    context.updateLoggers();
    file.stop();
    if (cfg instanceof AbstractConfiguration a) {
      a.removeAppender(NAME);
    }
  }
}

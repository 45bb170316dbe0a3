package org.citykpi.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that touches the warehouse shares. */
public final class CommonOptions {
  @Option(names = "--warehouse", defaultValue = "warehouse", paramLabel = "DIR",
      description = "Warehouse root: a local folder or any Hadoop-compatible URI (default: ${DEFAULT-VALUE}).")
  String warehouse;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master (default: local[*], or what spark-submit set).")
  String master;

  @Option(names = "--schemas", paramLabel = "DIR",
      description = "Contracts folder (default: ./schemas, else the copy inside the jar).")
  Path schemas;
}

package org.citykpi.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.service.SparkConnectService;
import org.apache.spark.sql.connect.service.SparkListenerConnectServiceStarted;
import org.citykpi.common.CityKpiException;
import org.citykpi.ops.Catalog;
import org.citykpi.ops.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A long-lived Spark Connect server over the warehouse, in this JVM: every table is registered by
 * its two-part name in the session catalog that every client session shares, so a notebook, a
 * PySpark client ({@code SparkSession.builder.remote("sc://127.0.0.1:15002")}) or any Spark Connect
 * client queries without starting a JVM of its own. It binds to loopback unless told otherwise and
 * stops on Ctrl-C or SIGTERM.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the warehouse tables to Spark Connect clients (PySpark "
          + "SparkSession.builder.remote(\"sc://HOST:PORT\"), the Spark Connect Scala/Java client, "
          + "...). Runs until Ctrl-C or SIGTERM.",
      "Clients see bronze.*, silver.*, gold.*, kpi.*, ops.* by their two-part names. The server "
          + "runs the clients' queries with this JVM's access to the warehouse."
    })
final class ServeCommand implements java.util.concurrent.Callable<Integer> {
  /** How long a stop waits for running queries before cutting them off. */
  private static final long STOP_GRACE_SECONDS = 10;

  /** How long start-up may take from the Spark session to a listening socket. */
  private static final long START_TIMEOUT_SECONDS = 120;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "15002",
      paramLabel = "PORT",
      description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one and prints it).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDRESS",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}, this machine only). Anything else "
              + "lets every host that reaches it read every table: there is no login.")
  String host;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be 0..65535, not " + port);
    }
    boolean loopback;
    try {
      loopback = host.isBlank() ? invalidHost() : loopback(host);
    } catch (UnknownHostException e) {
      loopback = invalidHost();
    }
    SparkSession spark =
        common.readSession(
            "citykpi serve",
            Map.of(
                "spark.connect.grpc.binding.address",
                host,
                "spark.connect.grpc.binding.port",
                String.valueOf(port),
                // A busy port is an error to report, not a reason to listen somewhere else.
                "spark.connect.grpc.port.maxRetries",
                "0"));
    Tables tables = common.tables();
    List<String> names = Catalog.register(spark, tables);
    if (names.isEmpty()) {
      throw new CityKpiException(
          "--warehouse " + tables.warehouse() + " holds no CityKPI table; nothing to serve");
    }

    AtomicInteger boundPort = new AtomicInteger(-1);
    CountDownLatch started = new CountDownLatch(1);
    spark
        .sparkContext()
        .addSparkListener(
            new SparkListener() {
              @Override
              public void onOtherEvent(SparkListenerEvent event) {
                if (event instanceof SparkListenerConnectServiceStarted s) {
                  boundPort.set(s.bindingPort());
                  started.countDown();
                }
              }
            });
    try {
      SparkConnectService.start(spark.sparkContext());
    } catch (Exception e) { // Scala code: a BindException arrives undeclared
      throw new CityKpiException(
          "cannot listen on " + host + ":" + port + ": " + JobCommand.message(e), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    SparkConnectService.stop(
                        scala.Option.<Object>apply(STOP_GRACE_SECONDS),
                        scala.Option.apply(TimeUnit.SECONDS));
                  } catch (RuntimeException e) {
                    // Not started, or already stopped: nothing listens any more either way.
                  }
                  spark.stop();
                  System.err.println("citykpi serve: stopped");
                  stopped.countDown();
                },
                "citykpi-serve-stop"));
    if (!started.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      throw new CityKpiException("the Spark Connect server did not report its port");
    }
    System.out.printf(
        "citykpi serve: %d tables of %s at sc://%s:%d (%s)%n",
        names.size(),
        tables.warehouse(),
        host.contains(":") ? "[" + host + "]" : host,
        boundPort.get(),
        loopback
            ? "loopback only"
            : "reachable from other hosts: no login, anyone who connects can read and change"
                + " every table");
    System.out.println("citykpi serve: Ctrl-C or SIGTERM stops it");
    System.out.flush();
    stopped.await();
    return 0;
  }

  private boolean invalidHost() {
    throw new ParameterException(
        spec.commandLine(), "--host '" + host + "' is not an address or host name of this machine");
  }

  /** Whether {@code host} names only this machine (127.0.0.0/8, ::1, localhost). */
  static boolean loopback(String host) throws UnknownHostException {
    for (InetAddress a : InetAddress.getAllByName(host)) {
      if (!a.isLoopbackAddress()) {
        return false;
      }
    }
    return true;
  }
}

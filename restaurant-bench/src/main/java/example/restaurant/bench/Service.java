package example.restaurant.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service under test, in its own process (the executable jar, -Xmx512m, a GC log), started and stopped by this
 * bench only: it is ended by its own PID, never by name.
 */
final class Service implements AutoCloseable {

  private static final Pattern EMBEDDED = Pattern.compile("listening on mongodb://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

  final int port;
  final String label;
  final Path logFile;
  final Path gcLog;
  private final Process process;
  private final long startedNanos = System.nanoTime();

  private Service(Process process, int port, Path logFile, Path gcLog, String label) {
    this.process = process;
    this.label = label;
    this.port = port;
    this.logFile = logFile;
    this.gcLog = gcLog;
  }

  /**
   * @param mongoUri null for the embedded server in {@code dataDir}
   */
  static Service start(Path jar, String java, int port, String mongoUri, Path dataDir, Path outDir, String label,
      String heap, boolean jfr) throws IOException {
    Files.createDirectories(outDir);
    Path log = outDir.resolve("service-" + label + ".log");
    Path gc = outDir.resolve("gc-" + label + ".log");
    List<String> command = new ArrayList<>(List.of(
        java, "-Xmx" + heap, "-Xlog:gc:file=" + gc + ":uptime", "-XX:+HeapDumpOnOutOfMemoryError",
        "-XX:HeapDumpPath=" + outDir));
    if (jfr) {
      // the profile behind every "limiter" in docs/PERFORMANCE.md: jfr view hot-methods <file>
      command.add("-XX:StartFlightRecording=filename=" + outDir.resolve("service-" + label + ".jfr")
          + ",settings=profile,dumponexit=true");
    }
    command.addAll(List.of(
        "-jar", jar.toString(),
        "--server.port=" + port,
        "--restaurant.embedded.data-dir=" + dataDir,
        "--logging.level.root=INFO"));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().remove("MONGODB_URI");
    if (mongoUri != null) {
      builder.environment().put("MONGODB_URI", mongoUri);
    }
    Process process = builder.start();
    Service service = new Service(process, port, log, gc, label);
    Runtime.getRuntime().addShutdownHook(new Thread(service::close));
    return service;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Waits until the HTTP API answers (bounded). */
  void awaitReady(HttpClient http, Duration timeout) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the service exited during start; see " + logFile);
      }
      try {
        HttpResponse<String> response = http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/admin/projections"))
                .timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        // and it is this process that answers: another one may hold the port
        if (response.statusCode() == 200 && Files.readString(logFile).contains("Started RestaurantApplication")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the service did not answer within " + timeout + "; see " + logFile);
  }

  double startupSeconds() {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  /** The port of the embedded server the service started, from its log (it logs where it listens). */
  int embeddedPort() throws IOException {
    Matcher m = EMBEDDED.matcher(Files.readString(logFile));
    if (!m.find()) {
      throw new IllegalStateException("no embedded server port in " + logFile);
    }
    return Integer.parseInt(m.group(1));
  }

  /** The service's CPU time so far (user + system), in seconds, from /proc. */
  double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks / 100.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Max heap used before and after a GC, in MB, and the number of GCs, from the GC log. */
  long[] gcSummary() throws IOException {
    long before = 0;
    long after = 0;
    long count = 0;
    long capacity = 0;
    long full = 0;
    if (!Files.exists(gcLog)) {
      return new long[] {0, 0, 0, 0, 0};
    }
    for (String line : Files.readAllLines(gcLog)) {
      if (line.contains("Pause Full") && !line.contains("Heap Inspection")) {
        full++; // the histogram at the end forces one: not counted
      }
      Matcher m = GC.matcher(line);
      if (m.find()) {
        before = Math.max(before, Long.parseLong(m.group(1)));
        after = Math.max(after, Long.parseLong(m.group(2)));
        capacity = Math.max(capacity, Long.parseLong(m.group(3)));
        count++;
      }
    }
    return new long[] {before, after, count, capacity, full};
  }

  /** jcmd GC.class_histogram of the service, into {@code file}: what its heap holds at the end of the run. */
  void histogram(String javaBin, Path file) {
    try {
      Path jcmd = Path.of(javaBin).resolveSibling("jcmd");
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.class_histogram")
          .redirectErrorStream(true).redirectOutput(file.toFile()).start();
      p.waitFor(60, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no jcmd: no histogram
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The total of the class histogram taken after a full GC at the end: the live set, in MB. */
  long liveSetMb(Path histogram) {
    try {
      for (String line : Files.readAllLines(histogram)) {
        if (line.startsWith("Total")) {
          String[] parts = line.trim().split("\\s+");
          return Long.parseLong(parts[2]) >> 20;
        }
      }
    } catch (IOException | RuntimeException e) {
      // no histogram
    }
    return -1;
  }

  boolean logMentions(String text) throws IOException {
    return Files.readString(logFile).contains(text);
  }

  /** SIGTERM to this PID, then (after 60 s) SIGKILL to it. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

package example.restaurant.bench;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import example.restaurant.mongo.embedded.EmbeddedMongo;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.RawBsonDocument;

/**
 * The benchmark of issue 5, against one server (the embedded one, or any MONGODB_URI such as FerretDB): every figure
 * is measured next to its baseline in the same run on the same server, and printed as one table.
 *
 * <p>Run it with bench/run.sh; options as --name=value (see {@link #main}).
 */
public final class Bench {

  private static final Pattern LAG = Pattern.compile("\"lag\"\\s*:\\s*(\\d+)");
  private static final Pattern POSITION = Pattern.compile("\"position\"\\s*:\\s*(\\d+)");

  private final Map<String, String> options;
  private final Path out;
  private final Path jar;
  private final String javaBin;
  private final String mongoUri; // null: embedded
  private final String backend;
  private final int port;
  private final String database;
  private final Report report = new Report();
  private final AtomicLong lagFailures = new AtomicLong();
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .executor(Executors.newVirtualThreadPerTaskExecutor())
      .build();
  private final long memoryMaxBytes[] = {0};
  private long heapBaselineMb = -1;

  private Bench(Map<String, String> options) {
    this.options = options;
    this.out = Path.of(opt("out", "bench/results/run-" + Instant.now().toString().replace(':', '-')));
    this.jar = Path.of(opt("jar", "restaurant-api/target/restaurant-api-0.1.0-SNAPSHOT-exec.jar"));
    this.javaBin = opt("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String uri = opt("mongo-uri", "");
    this.mongoUri = uri.isBlank() ? null : uri;
    this.backend = mongoUri == null ? "embedded" : opt("backend", "mongodb-uri");
    this.port = Integer.parseInt(opt("port", "0")) != 0 ? Integer.parseInt(opt("port", "0")) : freePort();
    this.database = mongoUri == null ? "restaurant" : databaseOf(mongoUri);
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("options are --name=value, not " + arg);
      }
      options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    new Bench(options).run();
  }

  private String opt(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  private int intOpt(String name, int fallback) {
    return Integer.parseInt(opt(name, Integer.toString(fallback)));
  }

  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String databaseOf(String uri) {
    String db = new ConnectionString(uri).getDatabase();
    return db == null || db.isBlank() ? "restaurant" : db;
  }

  private void run() throws Exception {
    Files.createDirectories(out);
    long small = intOpt("small-history", 10_000);
    long large = intOpt("large-history", 200_000);
    Path dataDir = out.resolve("data").toAbsolutePath();
    Path copiedJar = out.resolve("service.jar");
    Files.copy(jar, copiedJar); // other builds may replace the jar while this runs
    say("backend %s, histories %,d and %,d events, results in %s", backend, small, large, out);
    say("machine: %d cores, JDK %s", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    report.note("backend: " + backend + (mongoUri == null ? " (durable, in the service's process)" : " " + mongoUri));
    report.note("machine: nproc " + Runtime.getRuntime().availableProcessors() + ", memory "
        + (((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize() >> 20) + " MB, JDK " + System.getProperty("java.vm.version"));

    if (mongoUri != null) {
      try (MongoClient client = MongoClients.create(mongoUri)) {
        client.getDatabase(database).drop(); // a database this bench owns: see bench/run.sh
      }
    }

    // 1. history 10k
    seed(dataDir, small, 0, String.format(Locale.ROOT, "%,d", small));
    Map<String, Double> at10k;
    try (Service service = startService(copiedJar, dataDir, "history-small")) {
      catchUp(service, "after seeding " + small);
      at10k = commandLatency(service, "history " + small);
      catchUp(service, "before stopping"); // the next seeding continues after the sequencer's last ticket
      stopCleanly(service);
      memory(service, "history-small");
    }
    // 2. history 200k
    seed(dataDir, large - small, 200, String.format(Locale.ROOT, "up to %,d", large));
    try (Service service = startService(copiedJar, dataDir, "history-large")) {
      Map<String, Double> catchUp = catchUp(service, "after seeding up to " + large);
      Map<String, Double> at200k = commandLatency(service, "history " + large);
      reportHistory(at10k, at200k, small, large);
      try (MongoClient client = MongoClients.create(rawUri(service))) {
        MongoDatabase db = client.getDatabase(database);
        Document sample = sampleCommit(db);
        queries(service, db, "history only");
        throughput(service, db, sample);
        // the lag is measured from a read side that has caught up with the throughput phases' backlog: otherwise it
        // measures how long that backlog takes to drain (the first runs did, and every 1-client probe timed out)
        catchUp(service, "after the throughput phases");
        lag(service);
        queries(service, db, "after the load phases");
        rebuild(service, db, catchUp);
      }
      stopCleanly(service);
      memory(service, "history-large");
    }
    if (!"false".equals(opt("jmh", "true"))) {
      Jmh.run(report, out);
    }
    report.note("heap: -Xmx" + opt("heap", "512m") + " for the service in every phase");
    String table = report.render();
    Files.writeString(out.resolve("results.md"), table);
    System.out.println();
    System.out.println(table);
    say("written to %s", out.resolve("results.md"));
    System.exit(0);
  }

  private Service startService(Path copiedJar, Path dataDir, String label) throws Exception {
    Service service = Service.start(copiedJar, javaBin, port, mongoUri, dataDir, out, label, opt("heap", "512m"),
        "true".equals(opt("jfr", "true")));
    service.awaitReady(http, Duration.ofSeconds(180));
    say("service PID %d ready on :%d after %.1f s", service.pid(), port, service.startupSeconds());
    startMemorySampler(service);
    return service;
  }

  private String rawUri(Service service) throws IOException {
    return mongoUri != null ? mongoUri : "mongodb://127.0.0.1:" + service.embeddedPort() + "/" + database;
  }

  private void stopCleanly(Service service) {
    service.histogram(javaBin, out.resolve("histogram-" + service.label + ".txt"));
    service.close();
  }

  // ---------------------------------------------------------------------------------------------------- seeding

  private void seed(Path dataDir, long events, int dayOffset, String label) {
    HistorySeeder.Result result;
    if (mongoUri == null) {
      try (EmbeddedMongo mongo = EmbeddedMongo.startDurable(dataDir.resolve("restaurant.mv"));
          MongoClient client = MongoClients.create(mongo.connectionString())) {
        result = new HistorySeeder(client.getDatabase(database), 42 + dayOffset).seed(events, dayOffset);
      }
    } else {
      try (MongoClient client = MongoClients.create(mongoUri)) {
        result = new HistorySeeder(client.getDatabase(database), 42 + dayOffset).seed(events, dayOffset);
      }
    }
    say("seeded %,d events (%,d reservations, positions %,d..%,d) in %.1f s: %,.0f events/s", result.events(),
        result.reservations(), result.firstPosition(), result.lastPosition(), result.took().toMillis() / 1e3,
        result.events() / (result.took().toMillis() / 1e3));
    report.note(String.format(Locale.ROOT, "seeding %s: %,d events in bulk (commits + snapshots + log) in %.1f s",
        label, result.events(), result.took().toMillis() / 1e3));
  }

  /** Waits (bounded) until every projector has applied the whole log; returns the rate at which they caught up. */
  private Map<String, Double> catchUp(Service service, String what) throws Exception {
    long started = System.nanoTime();
    long firstMin = -1;
    long deadline = started + TimeUnit.MINUTES.toNanos(intOpt("catch-up-minutes", 20));
    while (System.nanoTime() < deadline) {
      String body = new Api(http, port).get("/api/admin/projections", null, null).body();
      long maxLag = 0;
      long minPosition = Long.MAX_VALUE;
      Matcher lag = LAG.matcher(body);
      while (lag.find()) {
        maxLag = Math.max(maxLag, Long.parseLong(lag.group(1)));
      }
      Matcher position = POSITION.matcher(body);
      while (position.find()) {
        minPosition = Math.min(minPosition, Long.parseLong(position.group(1)));
      }
      if (firstMin < 0) {
        firstMin = minPosition;
      }
      if (maxLag == 0 && sequencerIdle(service)) {
        double seconds = (System.nanoTime() - started) / 1e9;
        double applied = minPosition - firstMin;
        say("read models caught up %s: %,.0f events in %.1f s", what, applied, seconds);
        return Map.of("events", applied, "seconds", seconds);
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("read models did not catch up " + what);
  }

  /** Every ticket handed out has been logged (or voided): the lag the read models report is then the whole truth. */
  private boolean sequencerIdle(Service service) throws IOException {
    try (MongoClient client = MongoClients.create(rawUri(service))) {
      MongoDatabase db = client.getDatabase(database);
      Document counter = db.getCollection("counters").find(Filters.eq("_id", "commit-ticket")).first();
      Document head = db.getCollection("event_log_state").find(Filters.eq("_id", "head")).first();
      long issued = counter == null ? 0 : ((Number) counter.get("value")).longValue();
      long next = head == null ? 1 : ((Number) head.get("nextTicket")).longValue();
      return next > issued;
    }
  }

  // ------------------------------------------------------------------------------ 1. cost against history size

  private Map<String, Double> commandLatency(Service service, String label) throws Exception {
    Api api = new Api(http, port);
    int warmup = intOpt("latency-warmup", 50);
    int samples = intOpt("latency-samples", 300);
    Stats triple = new Stats();
    Stats reserve = new Stats();
    Stats order = new Stats();
    Stats serve = new Stats();
    for (int i = 0; i < warmup + samples; i++) {
      Api.Answer r = api.reserve();
      check(r);
      String orderId = Api.newOrderId();
      Api.Answer o = api.order(r.reservationId(), orderId);
      check(o);
      Api.Answer s = api.serve(r.reservationId(), orderId);
      check(s);
      if (i >= warmup) {
        triple.add(r.nanos() + o.nanos() + s.nanos());
        reserve.add(r.nanos());
        order.add(o.nanos());
        serve.add(s.nanos());
      }
    }
    // the server's own speed right now, for noise: a raw insertOne of a same-sized document, one at a time
    Stats raw = new Stats();
    try (MongoClient client = MongoClients.create(rawUri(service))) {
      MongoDatabase db = client.getDatabase(database);
      Document sample = sampleCommit(db);
      MongoCollection<Document> target = db.getCollection("bench_raw");
      for (int i = 0; i < warmup + samples; i++) {
        Document copy = new Document(sample).append("_id", UUID.randomUUID().toString());
        long t = System.nanoTime();
        target.insertOne(copy);
        if (i >= warmup) {
          raw.add(System.nanoTime() - t);
        }
      }
    }
    say("%s: reserve+order+serve %s | reserve %s | order %s | serve %s | raw insertOne %s", label, triple, reserve,
        order, serve, raw);
    Map<String, Double> figures = new LinkedHashMap<>();
    figures.put("p50", triple.ms(50));
    figures.put("p99", triple.ms(99));
    figures.put("rawP50", raw.ms(50));
    figures.put("rawP99", raw.ms(99));
    figures.put("orderP50", order.ms(50));
    return figures;
  }

  private void reportHistory(Map<String, Double> small, Map<String, Double> large, long smallSize, long largeSize) {
    String k1 = String.format(Locale.ROOT, "%,d", smallSize);
    String k2 = String.format(Locale.ROOT, "%,d", largeSize);
    double p50 = large.get("p50") / small.get("p50");
    double p99 = large.get("p99") / small.get("p99");
    double raw = large.get("rawP50") / small.get("rawP50");
    report.row("1. reserve+order+serve p50, " + k2 + " events", ms(large.get("p50")),
        ms(small.get("p50")) + " at " + k1 + " (x" + r2(p50) + ")", "<= 1.5x", p50 <= 1.5);
    report.row("1. reserve+order+serve p99, " + k2 + " events", ms(large.get("p99")),
        ms(small.get("p99")) + " at " + k1 + " (x" + r2(p99) + ")", "<= 1.5x", p99 <= 1.5);
    report.row("1. (noise control) raw insertOne p50/p99", ms(large.get("rawP50")) + " / " + ms(large.get("rawP99")),
        ms(small.get("rawP50")) + " / " + ms(small.get("rawP99")) + " at " + k1 + " (x" + r2(raw) + ")", "-", null);
  }

  // -------------------------------------------------------------------------------------------- 2. throughput

  private Document sampleCommit(MongoDatabase db) {
    // an order's commit as the service wrote it (version 2 of a stream = DrinksOrdered)
    Document sample = db.getCollection("commits").find(Filters.eq("firstVersion", 2L)).first();
    if (sample == null) {
      throw new IllegalStateException("no commit to copy");
    }
    sample.remove("_id");
    return sample;
  }

  private void throughput(Service service, MongoDatabase db, Document sample) throws Exception {
    int seconds = intOpt("load-seconds", 20);
    int bytes = new RawBsonDocument(sample, new org.bson.codecs.DocumentCodec()).getByteBuffer().remaining();
    report.note("raw baseline document: a copy of an order's commit document, " + bytes + " bytes of BSON, "
        + "inserted with the service's write concern (acknowledged) into bench_raw on the same server");
    for (int clients : List.of(1, 16, 64)) {
      Load raw = rawInserts(db, sample, clients, seconds);
      Load cmd = commands(service, clients, seconds, false);
      double ratio = cmd.perSecond / raw.perSecond;
      say("%d clients: HTTP %.0f commands/s (%s, service CPU %.0f%%, bench CPU %.0f%%) vs raw insertOne %.0f/s (%s)"
          + " = %.2f", clients, cmd.perSecond, cmd.stats, cmd.serviceCpu, cmd.benchCpu, raw.perSecond, raw.stats,
          ratio);
      report.row("2. HTTP commands/s, " + clients + " client" + (clients == 1 ? "" : "s"),
          String.format(Locale.ROOT, "%.0f/s (p99 %s; CPU: service %.0f%%, load generator %.0f%%)", cmd.perSecond,
              ms(cmd.stats.ms(99)), cmd.serviceCpu, cmd.benchCpu),
          String.format(Locale.ROOT, "raw insertOne %.0f/s (x%s)", raw.perSecond, r2(ratio)),
          clients == 16 ? ">= 1/3 of raw" : "-", clients == 16 ? ratio >= 1.0 / 3 : null);
    }
  }

  record Load(double perSecond, Stats stats, double serviceCpu, double benchCpu) {}

  private Load rawInserts(MongoDatabase db, Document sample, int clients, int seconds) throws Exception {
    MongoCollection<Document> target = db.getCollection("bench_raw");
    return closedLoop(null, clients, Math.max(5, seconds / 2), stats -> {
      Document copy = new Document(sample).append("_id", UUID.randomUUID().toString());
      long t = System.nanoTime();
      target.insertOne(copy);
      stats.add(System.nanoTime() - t);
      return 1;
    });
  }

  private Load commands(Service service, int clients, int seconds, boolean unused) throws Exception {
    Api api = new Api(http, port);
    return closedLoop(service, clients, seconds, stats -> {
      int done = 0;
      Api.Answer r = api.reserve();
      if (!count(stats, r)) {
        return done;
      }
      done++;
      String orderId = Api.newOrderId();
      Api.Answer o = api.order(r.reservationId(), orderId);
      if (!count(stats, o)) {
        return done;
      }
      done++;
      Api.Answer s = api.serve(r.reservationId(), orderId);
      return count(stats, s) ? done + 1 : done;
    });
  }

  private static boolean count(Stats stats, Api.Answer answer) {
    if (answer.ok()) {
      stats.add(answer.nanos());
      return true;
    }
    stats.error();
    return false;
  }

  interface Work {
    int once(Stats stats) throws Exception;
  }

  /** {@code clients} loops for a warm-up of 3 s and then {@code seconds}, counting the operations done in the latter. */
  private Load closedLoop(Service service, int clients, int seconds, Work work) throws Exception {
    Stats stats = new Stats();
    Stats warm = new Stats();
    AtomicLong done = new AtomicLong();
    long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
    double[] cpu = new double[2];
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < clients; c++) {
        pool.submit(() -> {
          long now;
          while ((now = System.nanoTime()) < end) {
            boolean counted = now >= warmEnd;
            try {
              int n = work.once(counted ? stats : warm);
              if (counted) {
                done.addAndGet(n);
              }
            } catch (Exception e) {
              (counted ? stats : warm).error();
            }
          }
          return null;
        });
      }
      Thread.sleep(Math.max(0, (warmEnd - System.nanoTime()) / 1_000_000));
      double serviceCpu0 = service == null ? 0 : service.cpuSeconds();
      double benchCpu0 = benchCpuSeconds();
      long t0 = System.nanoTime();
      Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
      double wall = (System.nanoTime() - t0) / 1e9;
      cpu[0] = service == null ? Double.NaN : (service.cpuSeconds() - serviceCpu0) / wall * 100;
      cpu[1] = (benchCpuSeconds() - benchCpu0) / wall * 100;
    }
    return new Load(done.get() / (double) seconds, stats, cpu[0], cpu[1]);
  }

  private static double benchCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }

  // ----------------------------------------------------------------------------------------- 3. projection lag

  private void lag(Service service) throws Exception {
    int seconds = intOpt("load-seconds", 20);
    Stats idle = lagUnder(service, 1, Math.max(5, seconds / 2));
    catchUp(service, "after the 1-client lag phase");
    Stats loaded = lagUnder(service, 16, seconds);
    say("projection lag, 1 client: %s; 16 clients: %s", idle, loaded);
    report.row("3. projection lag p99 (order 2xx -> in kitchen queue), 16 clients",
        ms(loaded.ms(99)) + " (p50 " + ms(loaded.ms(50)) + ", n=" + loaded.count() + ", errors " + loaded.errors()
            + ")",
        ms(idle.ms(99)) + " with 1 client (p50 " + ms(idle.ms(50)) + ")", "< 100 ms", loaded.ms(99) < 100);
  }

  /**
   * Each client: reserve, order, then GET /api/kitchen/orders with the order's Consistency-Token (the service holds
   * it until the kitchen read model has the order), checking the order is in the answer; then serve. The lag is
   * from the order's 2xx to that answer.
   */
  private Stats lagUnder(Service service, int clients, int seconds) throws Exception {
    Api api = new Api(http, port);
    Load load = closedLoop(service, clients, seconds, lags -> {
      Api.Answer r = api.reserve();
      if (!r.ok()) {
        lags.error();
        return 0;
      }
      String orderId = Api.newOrderId();
      Api.Answer o = api.order(r.reservationId(), orderId);
      if (!o.ok()) {
        lags.error();
        return 0;
      }
      long after = System.nanoTime();
      Api.Answer k = api.get("/api/kitchen/orders", "Consistency-Token", o.token());
      long seen = System.nanoTime();
      if (k.ok() && k.body().contains(orderId)) {
        lags.add(seen - after);
      } else {
        lags.error();
        if (lagFailures.incrementAndGet() <= 3) {
          say("lag probe failed: %d after %.0f ms: %s", k.status(), (seen - after) / 1e6,
              k.body().length() > 200 ? k.body().substring(0, 200) : k.body());
        }
      }
      api.serve(r.reservationId(), orderId);
      return 1;
    });
    return load.stats();
  }

  // ------------------------------------------------------------------------------------------- 5. query cost

  private void queries(Service service, MongoDatabase db, String when) throws Exception {
    int rate = intOpt("poll-rate", 200);
    int seconds = intOpt("query-seconds", 15);
    Api api = new Api(http, port);
    catchUp(service, "before the queries (" + when + ")");
    Api.Answer first = api.get("/api/kitchen/orders", null, null);
    check(first);
    String etag = first.etag();
    Document meta = db.getCollection("read_models").find(Filters.eq("_id", "kitchen-queue")).first();
    int generation = meta == null ? 1 : ((Number) meta.get("generation")).intValue();
    MongoCollection<Document> kitchen = db.getCollection("rm_kitchen_queue_g" + generation);
    long views = kitchen.countDocuments();
    long pending = first.body().split("\"orderId\"", -1).length - 1;
    Stats k200 = openLoop(rate, seconds, () -> expect(api.get("/api/kitchen/orders", null, null), 200));
    Stats k304 = openLoop(rate, seconds, () -> expect(api.get("/api/kitchen/orders", "If-None-Match", etag), 304));
    Stats top = openLoop(rate, seconds, () -> expect(api.get("/api/reports/top-orders?limit=5", null, null), 200));
    Stats raw = openLoop(rate, seconds, () -> {
      long n = 0;
      for (Document ignored : kitchen.find()) {
        n++;
      }
      return n >= 0;
    });
    say("queries (%s; kitchen collection %d views, %d pending): kitchen 200 %s | kitchen 304 %s | top-orders %s |"
        + " raw find of the kitchen collection %s", when, views, pending, k200, k304, top, raw);
    String context = " [" + when + ": kitchen view collection " + views + " docs, " + pending + " pending]";
    report.row("5. kitchen queue p99 at " + rate + "/s, 200 path" + context, ms(k200.ms(99)) + errs(k200),
        "raw find() of its collection " + ms(raw.ms(99)), "< 10 ms", k200.ms(99) < 10);
    report.row("5. kitchen queue p99 at " + rate + "/s, 304 path", ms(k304.ms(99)) + errs(k304),
        "200 path " + ms(k200.ms(99)), "< 10 ms and < 200 path", k304.ms(99) < 10 && k304.ms(99) < k200.ms(99));
    report.row("5. top orders p99 at " + rate + "/s (no ETag: 200 only)", ms(top.ms(99)) + errs(top),
        "raw find() of kitchen " + ms(raw.ms(99)), "< 10 ms", top.ms(99) < 10);
  }

  private static String errs(Stats stats) {
    return stats.errors() == 0 ? "" : " (" + stats.errors() + " errors)";
  }

  private static boolean expect(Api.Answer answer, int status) {
    return answer.status() == status;
  }

  interface Probe {
    boolean call() throws Exception;
  }

  /** Fires {@code rate} calls a second for {@code seconds}; latency counts from when each call was due. */
  private Stats openLoop(int rate, int seconds, Probe probe) throws Exception {
    Stats stats = new Stats();
    long interval = 1_000_000_000L / rate;
    int total = rate * seconds;
    // warm-up: a second's worth, not counted
    for (int i = 0; i < rate; i++) {
      try {
        probe.call();
      } catch (Exception ignored) {
        // counted below if it persists
      }
    }
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < total; i++) {
        long due = start + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        pool.submit(() -> {
          try {
            if (probe.call()) {
              stats.add(System.nanoTime() - due);
            } else {
              stats.error();
            }
          } catch (Exception e) {
            stats.error();
          }
          return null;
        });
      }
    }
    return stats;
  }

  // --------------------------------------------------------------------------------------------- 4. rebuild

  private void rebuild(Service service, MongoDatabase db, Map<String, Double> catchUp) throws Exception {
    List<String> names = List.of("kitchen-queue", "top-orders", "sales-per-minute", "reserved-tables");
    MongoCollection<Document> meta = db.getCollection("read_models");
    Map<String, Integer> before = new LinkedHashMap<>();
    for (String name : names) {
      Document m = meta.find(Filters.eq("_id", name)).first();
      before.put(name, m == null ? 1 : ((Number) m.get("generation")).intValue());
    }
    long head = logHead(db);
    // baseline: reading the same log from position 0 in the projectors' batches (500 positions, _id $in)
    MongoCollection<Document> log = db.getCollection("event_log");
    long rawStarted = System.nanoTime();
    long read = 0;
    for (long from = 0; from < head; from += 500) {
      List<Long> wanted = new ArrayList<>(500);
      for (long p = from + 1; p <= Math.min(head, from + 500); p++) {
        wanted.add(p);
      }
      for (Document ignored : log.find(Filters.in("_id", wanted))) {
        read++;
      }
    }
    double rawSeconds = (System.nanoTime() - rawStarted) / 1e9;

    Api api = new Api(http, port);
    double serviceCpu0 = service.cpuSeconds();
    long started = System.nanoTime();
    for (String name : names) {
      Api.Answer a = api.post("/api/admin/projections/" + name + "/rebuild", null);
      if (a.status() != 202) {
        throw new IllegalStateException("rebuild of " + name + ": " + a.status() + " " + a.body());
      }
    }
    Map<String, Double> finished = new LinkedHashMap<>();
    long deadline = started + TimeUnit.MINUTES.toNanos(intOpt("rebuild-minutes", 20));
    while (finished.size() < names.size() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      for (String name : names) {
        if (finished.containsKey(name)) {
          continue;
        }
        Document m = meta.find(Filters.eq("_id", name)).first();
        boolean swapped = m != null && ((Number) m.get("generation")).intValue() != before.get(name);
        if (swapped) {
          finished.put(name, (System.nanoTime() - started) / 1e9);
        }
      }
    }
    if (finished.size() < names.size()) {
      throw new IllegalStateException("rebuild did not finish: " + finished + "; see " + service.logFile);
    }
    double seconds = finished.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    double cpu = (service.cpuSeconds() - serviceCpu0) / seconds * 100;
    double rate = head / seconds;
    double rawRate = read / rawSeconds;
    say("rebuild of all 4 read models from 0 over %,d events: %.1f s = %,.0f events/s (per model %s; service CPU"
        + " %.0f%%); raw read of the log %,.0f events/s", head, seconds, rate, finished, cpu, rawRate);
    report.row(String.format(Locale.ROOT, "4. rebuild, all 4 read models at once from 0, %,d events", head),
        String.format(Locale.ROOT, "%,.0f events/s (%.1f s; service CPU %.0f%%)", rate, seconds, cpu),
        String.format(Locale.ROOT, "raw read of the log in the same batches %,.0f events/s", rawRate),
        backend.equals("embedded") ? ">= 20k/s" : "- (target is for embedded)",
        backend.equals("embedded") ? rate >= 20_000 : null);
    report.row("4. (also) start-up catch-up of the 4 live projectors after seeding",
        String.format(Locale.ROOT, "%,.0f events/s (%,.0f events in %.1f s)",
            catchUp.get("events") / catchUp.get("seconds"), catchUp.get("events"), catchUp.get("seconds")),
        "-", "-", null);
  }

  private static long logHead(MongoDatabase db) {
    Document head = db.getCollection("event_log_state").find(Filters.eq("_id", "head")).first();
    long position = head == null ? 0 : ((Number) head.get("position")).longValue();
    MongoCollection<Document> log = db.getCollection("event_log");
    while (log.find(Filters.eq("_id", position + 1)).first() != null) {
      position++;
    }
    return position;
  }

  // ---------------------------------------------------------------------------------------------- 7. memory

  private void startMemorySampler(Service service) {
    Api api = new Api(http, port);
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "memory-sampler");
      t.setDaemon(true);
      return t;
    });
    Pattern value = Pattern.compile("\"value\"\\s*:\\s*([0-9.Ee+]+)");
    sampler.scheduleAtFixedRate(() -> {
      if (!service.alive()) {
        sampler.shutdown();
        return;
      }
      try {
        Api.Answer a = api.get("/actuator/metrics/jvm.memory.used?tag=area:heap", null, null);
        Matcher m = value.matcher(a.body());
        if (a.ok() && m.find()) {
          long used = (long) Double.parseDouble(m.group(1));
          synchronized (memoryMaxBytes) {
            memoryMaxBytes[0] = Math.max(memoryMaxBytes[0], used);
            if (heapBaselineMb < 0) {
              heapBaselineMb = used >> 20;
            }
          }
        }
      } catch (Exception ignored) {
        // the service is stopping
      }
    }, 1, 1, TimeUnit.SECONDS);
  }

  private void memory(Service service, String label) throws IOException {
    long[] gc = service.gcSummary();
    boolean oom = service.logMentions("OutOfMemoryError");
    long sampled;
    synchronized (memoryMaxBytes) {
      sampled = memoryMaxBytes[0] >> 20;
      memoryMaxBytes[0] = 0;
    }
    say("memory (%s): max heap used before GC %d MB, max after GC %d MB, %d GCs, heap capacity %d MB, sampled max"
        + " %d MB, OutOfMemoryError: %s", label, gc[0], gc[1], gc[2], gc[3], sampled, oom);
    report.row("7. memory, service run '" + label + "' (-Xmx" + opt("heap", "512m") + ")",
        String.format(Locale.ROOT, "max heap used %d MB; max after any GC %d MB; %d full GCs of %d; live set at"
            + " the end %d MB", gc[0], gc[1], gc[4], gc[2], service.liveSetMb(out.resolve("histogram-" + label
            + ".txt"))),
        "heap after start-up " + (heapBaselineMb < 0 ? "?" : heapBaselineMb + " MB"),
        "steady under 512 MB, no OOM", !oom && gc[4] == 0);
    heapBaselineMb = -1;
  }

  // -------------------------------------------------------------------------------------------------- helpers

  private static void check(Api.Answer answer) {
    if (!answer.ok()) {
      throw new IllegalStateException("unexpected " + answer.status() + ": " + answer.body());
    }
  }

  static String ms(double value) {
    return String.format(Locale.ROOT, "%.1f ms", value);
  }

  static String r2(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  static void say(String format, Object... args) {
    System.out.println("[bench " + LocalTime.now().withNano(0) + "] " + String.format(Locale.ROOT, format, args));
    System.out.flush();
  }
}

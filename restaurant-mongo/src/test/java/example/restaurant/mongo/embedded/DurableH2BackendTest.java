package example.restaurant.mongo.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import de.bwaldvogel.mongo.MongoServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: a child JVM serves the store file and inserts into it through the MongoDB driver from several
 * threads; it is killed with SIGKILL mid-stream, and every insert it had acknowledged must be in the file when it is
 * opened again. {@code -Ddurability.backend=plain} runs the child on the stock {@code H2Backend} instead, which this
 * test must catch losing writes.
 */
final class DurableH2BackendTest {

  private static final int WRITERS = 4;
  // Later rounds run long enough for the compaction (once a second) to be caught in the middle by the kill.
  private static final int[] ACKS_BEFORE_KILL = {300, 1_500, 3_000};
  private static final long ACK_TIMEOUT_MILLIS = 30_000;
  private static final long EXIT_TIMEOUT_MILLIS = 10_000;
  private static final Pattern ACK_LINE = Pattern.compile(DurabilityProbe.ACK + "(r\\d+-\\d+-\\d{7})");
  private static final String END_OF_OUTPUT = new String("end of output");

  @TempDir
  Path directory;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void everyAcknowledgedInsertSurvivesAKill9() throws Exception {
    Path file = directory.resolve("data").resolve("crash.mv.db");
    String backend = System.getProperty("durability.backend", "durable");
    Set<String> acknowledged = new LinkedHashSet<>();
    for (int round = 1; round <= ACKS_BEFORE_KILL.length; round++) {
      Round run = runProbeAndKillIt(file, backend, "r" + round, ACKS_BEFORE_KILL[round - 1]);
      acknowledged.addAll(run.acks());

      Set<String> stored = storedIds(file);
      Set<String> lost = new LinkedHashSet<>(acknowledged);
      lost.removeAll(stored);
      System.out.printf("%s round %d: %d acks before the kill (%,.0f acks/s), %d acked in all,"
          + " %d documents on disk, %d lost, file %,d bytes%n", backend, round, run.acks().size(), run.acksPerSecond(),
          acknowledged.size(), stored.size(), lost.size(), Files.size(file));
      assertThat(lost.size())
          .as("acknowledged inserts missing after kill -9 in round %d (of %d acknowledged), e.g. %s", round,
              acknowledged.size(), lost.stream().limit(10).toList())
          .isZero();
    }
  }

  @Test
  void writesAreCommittedBeforeTheReplyAndReadsCommitNothing() {
    DurableH2Backend backend = DurableH2Backend.open(directory.resolve("versions.mv.db"));
    MongoServer server = new MongoServer(backend);
    try {
      server.bind("127.0.0.1", 0);
      try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
        MongoCollection<Document> things = client.getDatabase("test").getCollection("things");
        MVStore store = backend.getMvStore();

        things.insertOne(new Document("_id", 1));
        assertThat(store.hasUnsavedChanges()).as("unsaved changes once the insert is acknowledged").isFalse();
        long afterInsert = store.getCurrentVersion();

        things.find().into(new ArrayList<>());
        things.countDocuments();
        things.listIndexes().into(new ArrayList<>());
        client.getDatabase("admin").runCommand(new Document("ping", 1));
        client.getDatabase("admin").runCommand(new Document("hello", 1));
        assertThat(store.getCurrentVersion()).as("store version after reads only").isEqualTo(afterInsert);

        assertThatThrownBy(() -> things.insertOne(new Document("_id", 1)))
            .isInstanceOf(MongoWriteException.class);
        things.updateOne(new Document("_id", 1), new Document("$set", new Document("seen", true)));
        assertThat(store.hasUnsavedChanges()).isFalse();
        assertThat(store.getCurrentVersion()).isGreaterThan(afterInsert);
      }
    } finally {
      server.shutdown();
    }
  }

  private static Set<String> storedIds(Path file) {
    Set<String> ids = new HashSet<>();
    try (EmbeddedMongo mongo = EmbeddedMongo.startDurable(file);
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      for (Document document : client.getDatabase("probe").getCollection("docs").find()
          .projection(Projections.include("_id"))) {
        ids.add(document.getString("_id"));
      }
    }
    return ids;
  }

  private record Round(List<String> acks, double acksPerSecond) {
  }

  private Round runProbeAndKillIt(Path file, String backend, String prefix, int acksBeforeKill)
      throws Exception {
    Path stderr = directory.resolve(prefix + ".stderr.txt");
    Process process = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m",
        "-cp", System.getProperty("java.class.path"),
        DurabilityProbe.class.getName(),
        file.toString(), backend, String.valueOf(WRITERS), prefix)
        .redirectError(stderr.toFile())
        .start();
    try {
      BlockingQueue<String> lines = readLinesInBackground(process);
      List<String> acks = new ArrayList<>();
      long firstAck = 0;
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACK_TIMEOUT_MILLIS);
      while (acks.size() < acksBeforeKill) {
        String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null || line == END_OF_OUTPUT) {
          fail("the probe gave %d of %d acks (%s); its stderr:%n%s", acks.size(), acksBeforeKill,
              line == null ? "timed out" : "it exited", tail(stderr));
        }
        addIfAck(line, acks);
        if (acks.size() == 1 && firstAck == 0) {
          firstAck = System.nanoTime();
        }
      }
      double acksPerSecond = (acks.size() - 1) / ((System.nanoTime() - firstAck) / 1e9);

      process.destroyForcibly();
      assertThat(process.waitFor(EXIT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).as("the probe died").isTrue();
      // Acks still in the pipe were acknowledged before the kill as well.
      long drainDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EXIT_TIMEOUT_MILLIS);
      for (String line; (line = lines.poll(Math.max(0, drainDeadline - System.nanoTime()), TimeUnit.NANOSECONDS))
          != END_OF_OUTPUT; ) {
        if (line == null) {
          fail("the output of the killed probe did not end");
        }
        addIfAck(line, acks);
      }
      return new Round(acks, acksPerSecond);
    } finally {
      process.destroyForcibly();
    }
  }

  /** A line cut short by the kill does not match, so it is never taken for an ack. */
  private static void addIfAck(String line, List<String> acks) {
    Matcher matcher = ACK_LINE.matcher(line);
    if (matcher.matches()) {
      acks.add(matcher.group(1));
    }
  }

  private static BlockingQueue<String> readLinesInBackground(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread.ofPlatform().daemon().name("probe-stdout").start(() -> {
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = reader.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process is gone
      } finally {
        lines.add(END_OF_OUTPUT);
      }
    });
    return lines;
  }

  private static String tail(Path file) throws IOException {
    if (!Files.exists(file)) {
      return "";
    }
    String text = Files.readString(file);
    return text.length() <= 4_000 ? text : text.substring(text.length() - 4_000);
  }
}

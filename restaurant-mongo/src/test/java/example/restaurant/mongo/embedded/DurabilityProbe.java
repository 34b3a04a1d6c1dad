package example.restaurant.mongo.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.slf4j.LoggerFactory;

/**
 * Child process of {@link DurableH2BackendTest}: serves {@code args[0]} and inserts documents into it from several
 * threads until it is killed, printing {@code ACK <id>} for each insert as soon as the server has acknowledged it.
 *
 * <p>{@code args[1]} is {@code durable} (the backend under test) or {@code plain} (the stock {@code H2Backend}, to
 * show that the test detects losses), {@code args[2]} the number of writer threads, {@code args[3]} a prefix that
 * keeps the ids of successive rounds apart.
 */
public final class DurabilityProbe {

  static final String ACK = "ACK ";
  private static final long MAX_LIFETIME_MILLIS = 120_000;

  private DurabilityProbe() {
  }

  public static void main(String[] args) throws Exception {
    quietLogging();
    Path file = Path.of(args[0]);
    String backend = args[1];
    int threads = Integer.parseInt(args[2]);
    String prefix = args[3];
    exitWhenOrphaned();

    String uri;
    if (backend.equals("plain")) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      MongoServer server = new MongoServer(new H2Backend(file.toString()));
      server.bind("127.0.0.1", 0);
      uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    } else {
      uri = EmbeddedMongo.startDurable(file).connectionString();
    }

    PrintStream out = System.out;
    MongoClient client = MongoClients.create(uri);
    MongoCollection<Document> collection = client.getDatabase("probe").getCollection("docs");
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String writer = prefix + "-" + t;
      writers.add(Thread.ofPlatform().name("writer-" + t).start(() -> {
        for (int n = 0; ; n++) {
          String id = String.format("%s-%07d", writer, n);
          collection.insertOne(new Document("_id", id).append("payload", "some bytes for " + id));
          synchronized (out) {
            out.println(ACK + id);
            out.flush();
          }
        }
      }));
    }
    for (Thread writer : writers) {
      writer.join();
    }
  }

  /** Logback logs DEBUG to stdout without a configuration; that would slow the writers and clutter the acks. */
  private static void quietLogging() {
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  /** The parent never writes to stdin: end of input means it has gone, and nobody would ever kill this process. */
  private static void exitWhenOrphaned() {
    Thread.ofPlatform().daemon().name("orphan-watch").start(() -> {
      try {
        while (System.in.read() >= 0) {
          // nothing is expected on stdin
        }
      } catch (Exception ignored) {
        // treated as end of input
      }
      Runtime.getRuntime().halt(3);
    });
    Thread.ofPlatform().daemon().name("lifetime-watch").start(() -> {
      try {
        Thread.sleep(MAX_LIFETIME_MILLIS);
      } catch (InterruptedException ignored) {
        // halt anyway
      }
      Runtime.getRuntime().halt(4);
    });
  }
}

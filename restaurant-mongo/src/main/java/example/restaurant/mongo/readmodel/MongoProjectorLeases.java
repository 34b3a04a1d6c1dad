package example.restaurant.mongo.readmodel;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import example.restaurant.application.port.ProjectorLeases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/**
 * Leases and checkpoints in {@code projector_leases}, as a sequence of <em>terms</em> per projector: the document
 * {@code <projector>#<token>} holds the owner, position and expiry of that term. A new term is taken by inserting the
 * next document, so the unique {@code _id} decides between two instances on every server — updates are not atomic on
 * FerretDB 1.x, inserts under a unique index are. Only a term's own owner writes it afterwards (renewal, checkpoint),
 * and a checkpoint first checks that no later term exists: a former owner that woke up late writes into a term nobody
 * reads any more. Every lookup is an exact {@code _id}; a hint document {@code <projector>} remembers the latest term
 * so that finding it takes one probe.
 */
public final class MongoProjectorLeases implements ProjectorLeases {

  static final String COLLECTION = "projector_leases";

  private final MongoCollection<Document> leases;

  public MongoProjectorLeases(MongoDatabase database) {
    this.leases = database.getCollection(COLLECTION);
  }

  private record Term(String projector, long token, String owner, long position, Instant expiresAt) {
    static Term none(String projector) {
      return new Term(projector, 0, null, 0, Instant.MIN);
    }

    boolean heldBy(String someone, Instant now) {
      return someone.equals(owner) && expiresAt.isAfter(now);
    }

    boolean free(Instant now) {
      return owner == null || !expiresAt.isAfter(now);
    }
  }

  @Override
  public Optional<Lease> tryAcquire(String projector, String owner, Instant now, Duration ttl) {
    Term latest = latest(projector);
    if (latest.heldBy(owner, now)) {
      leases.updateOne(Filters.eq("_id", termId(projector, latest.token())),
          Updates.set("expiresAt", Date.from(now.plus(ttl))));
      return Optional.of(new Lease(projector, owner, latest.token(), latest.position()));
    }
    if (!latest.free(now)) {
      return Optional.empty();
    }
    Term next = new Term(projector, latest.token() + 1, owner, latest.position(), now.plus(ttl));
    if (!insert(next)) {
      return Optional.empty(); // another instance took this term first
    }
    return Optional.of(new Lease(projector, owner, next.token(), next.position()));
  }

  @Override
  public boolean checkpoint(Lease lease, long position, Instant now, Duration ttl) {
    if (exists(lease.projector(), lease.token() + 1)) {
      return false;
    }
    return leases.updateOne(
            Filters.eq("_id", termId(lease.projector(), lease.token())),
            Updates.combine(Updates.set("position", position), Updates.set("expiresAt", Date.from(now.plus(ttl)))))
        .getMatchedCount() == 1;
  }

  @Override
  public void release(Lease lease) {
    if (!exists(lease.projector(), lease.token() + 1)) {
      leases.updateOne(Filters.eq("_id", termId(lease.projector(), lease.token())),
          Updates.combine(Updates.set("owner", null), Updates.set("expiresAt", null)));
    }
  }

  @Override
  public void reset(String projector, long position) {
    Term latest = latest(projector);
    long token = latest.token() + 1;
    while (!insert(new Term(projector, token, null, position, Instant.MIN))) {
      token++;
    }
  }

  @Override
  public void remove(String projector) {
    leases.deleteMany(Filters.eq("projector", projector));
    leases.deleteOne(Filters.eq("_id", projector));
  }

  /** Scans the collection: it holds a few documents per read model. */
  @Override
  public List<ProjectorState> states() {
    Map<String, Term> latest = new HashMap<>();
    for (Document row : leases.find(Filters.exists("token"))) {
      Term term = term(row);
      latest.merge(term.projector(), term, (a, b) -> a.token() >= b.token() ? a : b);
    }
    List<ProjectorState> states = new ArrayList<>();
    latest.values().stream()
        .sorted(java.util.Comparator.comparing(Term::projector))
        .forEach(t -> states.add(new ProjectorState(t.projector(), t.owner(), t.position(), t.expiresAt())));
    return states;
  }

  @Override
  public Optional<Checkpoint> checkpointOf(String projector) {
    Term latest = latest(projector);
    return latest.token() == 0 ? Optional.empty() : Optional.of(new Checkpoint(latest.token(), latest.position()));
  }

  private Term latest(String projector) {
    Document hint = leases.find(Filters.eq("_id", projector)).first();
    long token = hint == null ? 0 : ((Number) hint.get("latest")).longValue();
    Document row = token == 0 ? null : leases.find(Filters.eq("_id", termId(projector, token))).first();
    Document next;
    while ((next = leases.find(Filters.eq("_id", termId(projector, token + 1))).first()) != null) {
      row = next;
      token++;
    }
    return row == null ? Term.none(projector) : term(row);
  }

  private boolean exists(String projector, long token) {
    return leases.find(Filters.eq("_id", termId(projector, token))).first() != null;
  }

  /** Takes a term by inserting it; false when another instance inserted it first. */
  private boolean insert(Term term) {
    try {
      leases.insertOne(new Document("_id", termId(term.projector(), term.token()))
          .append("projector", term.projector())
          .append("token", term.token())
          .append("owner", term.owner())
          .append("position", term.position())
          .append("expiresAt", term.expiresAt().equals(Instant.MIN) ? null : Date.from(term.expiresAt())));
    } catch (MongoWriteException e) {
      if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
    // only a hint: a lost or late write costs one more probe
    leases.replaceOne(Filters.eq("_id", term.projector()),
        new Document("_id", term.projector()).append("latest", term.token()), new ReplaceOptions().upsert(true));
    leases.deleteOne(Filters.eq("_id", termId(term.projector(), term.token() - 2)));
    return true;
  }

  private static Term term(Document row) {
    Date expires = row.getDate("expiresAt");
    return new Term(
        row.getString("projector"),
        ((Number) row.get("token")).longValue(),
        row.getString("owner"),
        ((Number) row.get("position")).longValue(),
        expires == null ? Instant.MIN : expires.toInstant());
  }

  private static String termId(String projector, long token) {
    return projector + "#" + token;
  }
}

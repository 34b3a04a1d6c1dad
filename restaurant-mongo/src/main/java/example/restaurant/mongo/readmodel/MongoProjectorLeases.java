package example.restaurant.mongo.readmodel;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import example.restaurant.application.port.ProjectorLeases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Leases and checkpoints in the collection {@code projector_leases}, one document per projector:
 * {@code {_id: name, owner, token, position, expiresAt}}; a free lease has no owner and no expiry. Every change is a
 * compare-and-set on the token, so two instances can never both take a lease, and a checkpoint under an old token
 * matches nothing. Filters on {@code _id} plus the token scan on the embedded server: the collection holds one
 * document per read model, so that costs nothing.
 */
public final class MongoProjectorLeases implements ProjectorLeases {

  static final String COLLECTION = "projector_leases";

  private final MongoCollection<Document> leases;

  public MongoProjectorLeases(MongoDatabase database) {
    this.leases = database.getCollection(COLLECTION);
  }

  @Override
  public Optional<Lease> tryAcquire(String projector, String owner, Instant now, Duration ttl) {
    Document row = leases.find(Filters.eq("_id", projector)).first();
    if (row == null) {
      insertFree(projector);
      row = leases.find(Filters.eq("_id", projector)).first();
      if (row == null) {
        return Optional.empty(); // removed in between
      }
    }
    String holder = row.getString("owner");
    Instant expiresAt = expiresAt(row);
    boolean ours = owner.equals(holder) && expiresAt.isAfter(now);
    boolean free = holder == null || !expiresAt.isAfter(now);
    if (!ours && !free) {
      return Optional.empty();
    }
    long token = token(row);
    long next = ours ? token : token + 1;
    Document taken = leases.findOneAndUpdate(
        Filters.and(Filters.eq("_id", projector), Filters.eq("token", token)),
        Updates.combine(
            Updates.set("owner", owner), Updates.set("token", next), Updates.set("expiresAt", date(now.plus(ttl)))),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    if (taken == null) {
      return Optional.empty(); // someone else took it first
    }
    return Optional.of(new Lease(projector, owner, next, position(taken)));
  }

  private void insertFree(String projector) {
    try {
      leases.insertOne(new Document("_id", projector)
          .append("owner", null)
          .append("token", 0L)
          .append("position", 0L)
          .append("expiresAt", null));
    } catch (MongoWriteException e) {
      if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
    }
  }

  @Override
  public boolean checkpoint(Lease lease, long position, Instant now, Duration ttl) {
    return leases.updateOne(
        current(lease),
        Updates.combine(
            Updates.set("owner", lease.owner()),
            Updates.set("position", position),
            Updates.set("expiresAt", date(now.plus(ttl)))))
        .getMatchedCount() == 1;
  }

  @Override
  public void release(Lease lease) {
    leases.updateOne(current(lease), Updates.combine(Updates.set("owner", null), Updates.set("expiresAt", null)));
  }

  @Override
  public void reset(String projector, long position) {
    leases.updateOne(
        Filters.eq("_id", projector),
        Updates.combine(
            Updates.inc("token", 1L),
            Updates.set("owner", null),
            Updates.set("position", position),
            Updates.set("expiresAt", null)),
        new UpdateOptions().upsert(true));
  }

  @Override
  public void remove(String projector) {
    leases.deleteOne(Filters.eq("_id", projector));
  }

  @Override
  public List<ProjectorState> states() {
    List<ProjectorState> states = new ArrayList<>();
    for (Document row : leases.find()) {
      states.add(new ProjectorState(row.getString("_id"), row.getString("owner"), position(row), expiresAt(row)));
    }
    return states;
  }

  private static Bson current(Lease lease) {
    return Filters.and(Filters.eq("_id", lease.projector()), Filters.eq("token", lease.token()));
  }

  private static long token(Document row) {
    return ((Number) row.get("token")).longValue();
  }

  private static long position(Document row) {
    return ((Number) row.get("position")).longValue();
  }

  /** A free lease expired at the beginning of time, as in the port's other implementations. */
  private static Instant expiresAt(Document row) {
    Date date = row.getDate("expiresAt");
    return date == null ? Instant.MIN : date.toInstant();
  }

  private static Date date(Instant instant) {
    return Date.from(instant);
  }
}

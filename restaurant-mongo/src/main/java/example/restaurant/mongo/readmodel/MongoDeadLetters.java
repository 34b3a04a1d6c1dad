package example.restaurant.mongo.readmodel;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import example.restaurant.application.port.DeadLetters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * Parked events in the collection {@code dead_letters}, {@code _id} = {@code <projector>:<position>}, so parking the
 * same event twice keeps one entry. Listing filters on the projector, a scan: the collection holds only the few
 * events that failed, and an operator is meant to empty it.
 */
public final class MongoDeadLetters implements DeadLetters {

  static final String COLLECTION = "dead_letters";

  private final MongoCollection<Document> parked;

  public MongoDeadLetters(MongoDatabase database) {
    this.parked = database.getCollection(COLLECTION);
  }

  @Override
  public void park(ParkedEvent event) {
    String id = id(event.projector(), event.position());
    parked.replaceOne(
        Filters.eq("_id", id),
        new Document("_id", id)
            .append("projector", event.projector())
            .append("position", event.position())
            .append("type", event.type())
            .append("error", event.error())
            .append("parkedAt", Date.from(event.parkedAt())),
        new ReplaceOptions().upsert(true));
  }

  @Override
  public List<ParkedEvent> list(String projector) {
    List<ParkedEvent> events = new ArrayList<>();
    for (Document d : parked.find(Filters.eq("projector", projector))) {
      events.add(new ParkedEvent(
          d.getString("projector"),
          ((Number) d.get("position")).longValue(),
          d.getString("type"),
          d.getString("error"),
          d.getDate("parkedAt").toInstant()));
    }
    events.sort(Comparator.comparingLong(ParkedEvent::position));
    return events;
  }

  @Override
  public void remove(String projector, long position) {
    parked.deleteOne(Filters.eq("_id", id(projector, position)));
  }

  private static String id(String projector, long position) {
    return projector + ":" + position;
  }
}

package example.restaurant.application.port;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

public final class InMemoryDeadLetters implements DeadLetters {

  private final List<ParkedEvent> parked = new CopyOnWriteArrayList<>();

  @Override
  public void park(ParkedEvent event) {
    remove(event.projector(), event.position());
    parked.add(event);
  }

  @Override
  public List<ParkedEvent> list(String projector) {
    return parked.stream().filter(p -> p.projector().equals(projector)).toList();
  }

  @Override
  public void remove(String projector, long position) {
    parked.removeIf(p -> p.projector().equals(projector) && p.position() == position);
  }
}

package example.restaurant.application.projection;

import example.restaurant.application.port.ProjectorLeases.Checkpoint;
import java.util.Optional;

/** Where a read model's checkpoint is read from, to key answers kept per checkpoint (see {@link AnswerCache}). */
@FunctionalInterface
public interface Checkpoints {

  Optional<Checkpoint> checkpointOf(String readModel);
}

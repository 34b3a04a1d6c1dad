package example.restaurant.mongo.embedded;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/** The in-memory backend of mongo-java-server, answering {@code hello} as well. Nothing survives a restart. */
public final class HelloMemoryBackend extends MemoryBackend {

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    if (HelloCommand.matches(command)) {
      return HelloCommand.answer(super.handleCommand(channel, database, HelloCommand.ANSWERED_AS, query));
    }
    return super.handleCommand(channel, database, command, query);
  }
}

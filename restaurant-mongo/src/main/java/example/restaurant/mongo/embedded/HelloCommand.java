package example.restaurant.mongo.embedded;

import de.bwaldvogel.mongo.bson.Document;

/**
 * mongo-java-server answers {@code isMaster} but not {@code hello}, which newer clients (Spring Boot 4's Mongo health
 * indicator among them) send. The answer is the {@code isMaster} reply plus {@code isWritablePrimary}.
 */
final class HelloCommand {

  static final String ANSWERED_AS = "isMaster";

  private HelloCommand() {
  }

  static boolean matches(String command) {
    return "hello".equalsIgnoreCase(command);
  }

  static Document answer(Document isMasterReply) {
    isMasterReply.put("isWritablePrimary", Boolean.TRUE);
    return isMasterReply;
  }
}

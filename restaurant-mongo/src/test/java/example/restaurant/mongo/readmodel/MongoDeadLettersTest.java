package example.restaurant.mongo.readmodel;

import example.restaurant.application.port.DeadLetters;
import example.restaurant.application.port.DeadLettersContract;
import example.restaurant.mongo.testing.MongoTestServer;

class MongoDeadLettersTest extends DeadLettersContract {

  @Override
  protected DeadLetters newDeadLetters() {
    return new MongoDeadLetters(MongoTestServer.get().freshDatabase());
  }
}

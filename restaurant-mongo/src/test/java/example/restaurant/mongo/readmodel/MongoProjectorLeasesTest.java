package example.restaurant.mongo.readmodel;

import example.restaurant.application.port.ProjectorLeases;
import example.restaurant.application.port.ProjectorLeasesContract;
import example.restaurant.mongo.testing.MongoTestServer;

class MongoProjectorLeasesTest extends ProjectorLeasesContract {

  @Override
  protected ProjectorLeases newLeases() {
    return new MongoProjectorLeases(MongoTestServer.get().freshDatabase());
  }
}

package dev.lifecycle.api.deployment;

import dev.lifecycle.api.data.Row;
import org.apiguardian.api.API;

/**
 * SPI: chooses which arm of a deployment serves a request. Called on the hot path of every
 * prediction, so implementations must be thread-safe, fast and allocation-free.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public interface RoutingPolicy {

    /** @return the number of arms this policy routes between */
    int arms();

    /**
     * @param row the request's input
     * @param requestId the deployment's id for this request (unique within the deployment; not necessarily increasing)
     * @return the arm, from 0 to {@code arms() - 1}
     */
    int route(Row row, long requestId);

    /** @return a short description for logs and journals, e.g. {@code single} */
    String describe();

    /** @return a policy that sends everything to arm 0 */
    static RoutingPolicy single() {
        return Single.INSTANCE;
    }

    /** The trivial policy. */
    @API(status = API.Status.STABLE, since = "0.1.0")
    enum Single implements RoutingPolicy {
        /** The one instance. */
        INSTANCE;

        @Override
        public int arms() {
            return 1;
        }

        @Override
        public int route(Row row, long requestId) {
            return 0;
        }

        @Override
        public String describe() {
            return "single";
        }
    }
}

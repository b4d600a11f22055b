package dev.lifecycle.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("fast")
@net.jqwik.api.Tag("fast")
class LabelJoinTest {

    @Property(tries = 200)
    void aJoinNeverHoldsMoreThanItsCapacityAndAccountsForEveryPrediction(@ForAll @IntRange(min = 1, max = 64) int capacity,
            @ForAll @Size(max = 400) List<@IntRange(min = 0, max = 300) Integer> ids) {
        LabelJoin<Long> join = LabelJoin.ofSize(capacity);
        Map<Long, Long> offered = new HashMap<>();
        long distinct = 0;
        for (int raw : ids) {
            long id = raw;
            if (offered.containsKey(id)) {
                continue;
            }
            offered.put(id, id * 7);
            join.offer(id, id * 7);
            distinct++;
        }
        assertThat(join.size()).isLessThanOrEqualTo(join.capacity());
        assertThat(join.evicted() + join.size()).isEqualTo(distinct);
        long joined = 0;
        for (Map.Entry<Long, Long> e : offered.entrySet()) {
            Long v = join.take(e.getKey());
            if (v != null) {
                assertThat(v).as("a label joins its own prediction").isEqualTo(e.getValue());
                assertThat(join.take(e.getKey())).as("joined once").isNull();
                joined++;
            }
        }
        assertThat(join.joined()).isEqualTo(joined);
        assertThat(join.size()).isZero();
    }

    @Test
    void aLabelLaterThanTheAgeBoundIsCountedAndNotJoined() {
        AtomicLong now = new AtomicLong(1_000);
        LabelJoin<String> join = new LabelJoin<>(16, 500, now::get);
        join.offer(1, "a");
        join.offer(2, "b");
        now.addAndGet(400);
        assertThat(join.take(1)).isEqualTo("a");
        now.addAndGet(200);
        assertThat(join.take(2)).isNull();
        assertThat(join.expired()).isEqualTo(1);
        assertThat(join.joined()).isEqualTo(1);
    }
}

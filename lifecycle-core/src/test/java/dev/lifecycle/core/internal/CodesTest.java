package dev.lifecycle.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

@net.jqwik.api.Tag("fast")
class CodesTest {

    /** Values of 0 to 12 bytes, some differing only in trailing zero bytes, anywhere in a buffer including its end. */
    @Property(tries = 200)
    void bytesAnywhereInABufferGetTheCodeOfTheirText(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<byte[]> values = new ArrayList<>();
        int distinct = 1 + r.nextInt(r.nextBoolean() ? 12 : 600);
        for (int i = 0; i < distinct; i++) {
            byte[] v = new byte[r.nextInt(13)];
            for (int j = 0; j < v.length; j++) {
                v[j] = (byte) (r.nextInt(4) == 0 ? 0 : 'a' + r.nextInt(3));
            }
            values.add(v);
        }
        Map<String, Integer> dictionary = new HashMap<>();
        Codes codes = new Codes(s -> dictionary.computeIfAbsent(s, k -> dictionary.size()));
        for (int i = 0; i < 3000; i++) {
            byte[] v = values.get(r.nextInt(values.size()));
            byte[] buf = new byte[v.length + r.nextInt(12)];
            for (int j = 0; j < buf.length; j++) {
                buf[j] = (byte) r.nextInt(256);
            }
            int from = r.nextBoolean() ? buf.length - v.length : r.nextInt(buf.length - v.length + 1);
            System.arraycopy(v, 0, buf, from, v.length);
            String text = new String(v, StandardCharsets.UTF_8);
            assertThat(codes.code(buf, from, from + v.length)).as(text).isEqualTo(dictionary.get(text));
        }
    }
}

package dev.lifecycle.core.internal;

import dev.lifecycle.api.store.StoreFormatException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The header of Lifecycle's binary codecs: a four-byte magic naming the codec and a one-byte format
 * version, so a reader tells foreign bytes from a newer format and says which.
 */
public final class BinaryFormat {
    private BinaryFormat() {
    }

    /** Writes the magic and the version. */
    public static void writeHeader(DataOutputStream out, int magic, int version) throws IOException {
        out.writeInt(magic);
        out.writeByte(version);
    }

    /**
     * Reads and checks the header.
     *
     * @param kind what is read, for messages (e.g. {@code partial evaluation})
     * @return the version found
     * @throws IllegalArgumentException when the bytes do not start with the magic
     * @throws StoreFormatException when the version is newer than {@code newest}
     */
    public static int readHeader(DataInputStream in, int magic, int newest, String kind) throws IOException {
        int found = in.readInt();
        if (found != magic) {
            throw new IllegalArgumentException("Not a " + kind + ": the bytes start with 0x"
                    + Integer.toHexString(found) + ", not 0x" + Integer.toHexString(magic));
        }
        int version = in.readUnsignedByte();
        if (version > newest || version < 1) {
            throw new StoreFormatException(kind, version, newest);
        }
        return version;
    }
}

package dev.lifecycle.core.tribuo.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads an XGBoost booster in the legacy binary format that xgboost4j 1.6 writes with
 * {@code Booster.toByteArray} (and Tribuo stores), in pure Java, and validates it completely before any
 * of it is used: sizes bounded, child indices in range, each tree a tree (every node reached once from
 * its root), feature indices below the declared feature count, finite thresholds and leaf values, a
 * known objective. Bytes that fail any check give a {@link MalformedModelException} saying what is
 * wrong; nothing is ever handed to native code.
 *
 * <p>Layout (little-endian): optional {@code binf} magic; the learner parameters (base score, feature
 * count, class count, flags, version, reserved words: 136 bytes); the objective and booster names
 * (64-bit length + bytes); the tree booster parameters (160 bytes); each tree (148 bytes of parameters,
 * 20 bytes per node: parent, left, right, feature index with the default-left bit, threshold or leaf
 * value; 16 bytes of statistics per node); one output group per tree; then string attributes.
 */
public final class XgbLegacyReader {
    /** At most this many trees in one booster. */
    public static final int MAX_TREES = 100_000;
    /** At most this many nodes in one tree. */
    public static final int MAX_NODES_PER_TREE = 1 << 20;
    /** At most this many nodes over all trees. */
    public static final int MAX_NODES = 1 << 24;
    /** At most this many features. */
    public static final int MAX_FEATURES = 1 << 24;
    /** At most this many classes. */
    public static final int MAX_CLASSES = 1 << 16;
    /** At most this deep (root at depth 0). */
    public static final int MAX_DEPTH = 256;
    private static final int LEARNER_PARAM_BYTES = 136;
    private static final int GBTREE_PARAM_BYTES = 160;
    private static final int TREE_PARAM_BYTES = 148;
    private static final int NODE_BYTES = 20;
    private static final int STAT_BYTES = 16;
    private static final int MAX_STRING = 1 << 20;
    private static final int MAX_ATTRIBUTES = 4096;

    /** How the summed margins become the model's output. */
    public enum Link {
        /** Softmax over the groups' margins: class probabilities ({@code multi:softprob}, {@code multi:softmax}). */
        SOFTMAX,
        /** The logistic function of the one margin: probability of the second class ({@code binary:logistic}). */
        LOGISTIC,
        /** The margin itself ({@code reg:squarederror} and other identity-link objectives). */
        IDENTITY
    }

    /**
     * A validated booster.
     *
     * @param objective the objective's name, e.g. {@code multi:softprob}
     * @param link how margins become outputs
     * @param classes the class count for classification ({@code num_class}, 0 when not multi-class)
     * @param trees the compiled trees
     */
    public record Booster(String objective, Link link, int classes, TreeEnsemble trees) {
    }

    private final ByteBuffer in;

    private XgbLegacyReader(byte[] bytes) {
        this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param bytes a booster in the legacy binary format
     * @param maxFeatures the number of features the model's feature map holds; feature indices must be below it
     * @return the validated booster
     * @throws MalformedModelException when the bytes are not a booster this reader accepts
     */
    public static Booster read(byte[] bytes, int maxFeatures) {
        try {
            return new XgbLegacyReader(bytes).booster(Math.min(maxFeatures, MAX_FEATURES));
        } catch (java.nio.BufferUnderflowException e) {
            throw new MalformedModelException("XGBoost booster of " + bytes.length + " bytes ends early (truncated)");
        }
    }

    private Booster booster(int maxFeatures) {
        if (in.remaining() >= 4 && in.get(0) == 'b' && in.get(1) == 'i' && in.get(2) == 'n' && in.get(3) == 'f') {
            in.position(4);
        }
        int learnerStart = in.position();
        need(LEARNER_PARAM_BYTES, "learner parameters");
        float baseScore = in.getFloat();
        int numFeature = in.getInt();
        int numClass = in.getInt();
        int extraAttrs = in.getInt();
        int evalMetrics = in.getInt();
        int major = in.getInt();
        in.position(learnerStart + LEARNER_PARAM_BYTES);
        if (!Float.isFinite(baseScore)) {
            throw bad("base score is " + baseScore);
        }
        if (numFeature < 0 || numFeature > maxFeatures) {
            throw bad("declares " + Integer.toUnsignedString(numFeature) + " features, the model's feature map has "
                    + maxFeatures);
        }
        if (numClass < 0 || numClass > MAX_CLASSES || numClass == 1) {
            throw bad("declares " + numClass + " classes");
        }
        if ((extraAttrs != 0 && extraAttrs != 1) || (evalMetrics != 0 && evalMetrics != 1) || major < 0
                || major > 100) {
            throw bad("has learner flags outside the format (attributes " + extraAttrs + ", metrics " + evalMetrics
                    + ", version " + major + ")");
        }
        String objective = string("objective");
        String gbm = string("booster name");
        if (!gbm.equals("gbtree")) {
            throw bad("uses booster '" + printable(gbm) + "'; only gbtree is supported");
        }
        Link link = link(objective);
        int groups = numClass == 0 ? 1 : numClass;
        if (link == Link.SOFTMAX && numClass < 2) {
            throw bad("has objective " + objective + " without a class count");
        }
        if (link != Link.SOFTMAX && numClass != 0) {
            throw bad("has objective " + objective + " with " + numClass + " classes");
        }
        float baseMargin = link == Link.LOGISTIC ? logit(baseScore) : baseScore;

        int gbStart = in.position();
        need(GBTREE_PARAM_BYTES, "tree booster parameters");
        int numTrees = in.getInt();
        in.getInt(); // parallel trees: the output group of each tree is recorded below
        in.getInt();
        in.getInt();
        in.getLong();
        in.getInt();
        int leafVector = in.getInt();
        in.position(gbStart + GBTREE_PARAM_BYTES);
        if (numTrees < 0 || numTrees > MAX_TREES) {
            throw bad("declares " + numTrees + " trees (at most " + MAX_TREES + ")");
        }
        if (leafVector != 0) {
            throw bad("has leaf vectors (size " + leafVector + "), which this reader does not support");
        }
        int[] nodeCounts = new int[numTrees];
        int[][] rawNodes = new int[numTrees][];
        float[][] covers = new float[numTrees][];
        long totalNodes = 0;
        for (int t = 0; t < numTrees; t++) {
            int treeStart = in.position();
            need(TREE_PARAM_BYTES, "parameters of tree " + t);
            in.getInt();
            int nodes = in.getInt();
            in.getInt();
            in.getInt();
            int treeFeatures = in.getInt();
            int treeLeafVector = in.getInt();
            in.position(treeStart + TREE_PARAM_BYTES);
            if (nodes < 1 || nodes > MAX_NODES_PER_TREE) {
                throw bad("tree " + t + " declares " + nodes + " nodes");
            }
            if (treeLeafVector != 0 || treeFeatures < 0 || treeFeatures > maxFeatures) {
                throw bad("tree " + t + " has parameters outside the format (features " + treeFeatures
                        + ", leaf vector " + treeLeafVector + ")");
            }
            totalNodes += nodes;
            if (totalNodes > MAX_NODES) {
                throw bad("has more than " + MAX_NODES + " nodes");
            }
            need((long) nodes * (NODE_BYTES + STAT_BYTES), "nodes of tree " + t);
            int[] raw = new int[nodes * 5];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = in.getInt();
            }
            float[] cover = new float[nodes];
            for (int i = 0; i < nodes; i++) {
                in.getFloat(); // loss change
                cover[i] = in.getFloat(); // sum of hessians: the node's cover, which Tree SHAP weighs by
                in.getFloat(); // base weight
                in.getInt(); // leaf child count
            }
            covers[t] = cover;
            nodeCounts[t] = nodes;
            rawNodes[t] = raw;
        }
        int[] groupOf = new int[numTrees];
        need(4L * numTrees, "output groups of the trees");
        for (int t = 0; t < numTrees; t++) {
            int g = in.getInt();
            if (g < 0 || g >= groups) {
                throw bad("tree " + t + " belongs to output group " + g + " of " + groups);
            }
            groupOf[t] = g;
        }
        if (extraAttrs == 1) {
            long n = in.remaining() >= 8 ? in.getLong() : -1;
            if (n < 0 || n > MAX_ATTRIBUTES) {
                throw bad("declares " + n + " attributes");
            }
            for (long i = 0; i < n; i++) {
                string("attribute name");
                string("attribute value");
            }
        }
        if (evalMetrics == 1) {
            long n = in.remaining() >= 8 ? in.getLong() : -1;
            if (n < 0 || n > MAX_ATTRIBUTES) {
                throw bad("declares " + n + " evaluation metrics");
            }
            for (long i = 0; i < n; i++) {
                string("metric name");
            }
        }
        if (in.hasRemaining()) {
            throw bad("has " + in.remaining() + " unexpected bytes after its end");
        }
        return new Booster(objective, link, numClass, compile(rawNodes, covers, nodeCounts, (int) totalNodes, groupOf,
                groups, numFeature, baseMargin));
    }

    private static TreeEnsemble compile(int[][] rawNodes, float[][] covers, int[] nodeCounts, int total,
            int[] groupOf, int groups, int numFeature, float baseMargin) {
        int[] roots = new int[rawNodes.length];
        int[] feature = new int[total];
        float[] value = new float[total];
        int[] left = new int[total];
        int[] right = new int[total];
        int[] missing = new int[total];
        float[] cover = new float[total];
        int offset = 0;
        int[] stack = new int[0];
        int[] depth = new int[0];
        for (int t = 0; t < rawNodes.length; t++) {
            int[] raw = rawNodes[t];
            int nodes = nodeCounts[t];
            boolean[] seen = new boolean[nodes];
            if (stack.length < nodes) {
                stack = new int[nodes];
                depth = new int[nodes];
            }
            int sp = 0;
            stack[sp] = 0;
            depth[sp++] = 0;
            seen[0] = true;
            roots[t] = offset;
            while (sp > 0) {
                int i = stack[--sp];
                int d = depth[sp];
                int cleft = raw[i * 5 + 1];
                int cright = raw[i * 5 + 2];
                int sindex = raw[i * 5 + 3];
                float info = Float.intBitsToFloat(raw[i * 5 + 4]);
                if (!Float.isFinite(info)) {
                    throw bad("tree " + t + " node " + i + " has the value " + info);
                }
                int at = offset + i;
                value[at] = info;
                float hessians = covers[t][i];
                cover[at] = Float.isFinite(hessians) && hessians > 0 ? hessians : 0f;
                if (cleft == -1) {
                    if (cright != -1) {
                        throw bad("tree " + t + " node " + i + " has a right child but no left child");
                    }
                    feature[at] = -1;
                    continue;
                }
                int f = sindex & 0x7fffffff;
                if (f >= numFeature) {
                    throw bad("tree " + t + " node " + i + " splits on feature " + f + " of " + numFeature);
                }
                if (d + 1 > MAX_DEPTH) {
                    throw bad("tree " + t + " is deeper than " + MAX_DEPTH);
                }
                for (int c : new int[] {cleft, cright}) {
                    if (c <= 0 || c >= nodes) {
                        throw bad("tree " + t + " node " + i + " has child " + c + " outside its " + nodes + " nodes");
                    }
                    if (seen[c]) {
                        throw bad("tree " + t + " reaches node " + c + " twice (a cycle or a shared node)");
                    }
                    seen[c] = true;
                    stack[sp] = c;
                    depth[sp++] = d + 1;
                }
                feature[at] = f;
                left[at] = offset + cleft;
                right[at] = offset + cright;
                missing[at] = sindex < 0 ? offset + cleft : offset + cright;
            }
            offset += nodes;
        }
        return new TreeEnsemble(roots, groupOf, groups, numFeature, baseMargin, feature, value, left, right, missing,
                cover);
    }

    private static Link link(String objective) {
        return switch (objective) {
            case "multi:softprob", "multi:softmax" -> Link.SOFTMAX;
            case "binary:logistic", "reg:logistic" -> Link.LOGISTIC;
            case "reg:squarederror", "reg:linear", "reg:pseudohubererror", "binary:logitraw" -> Link.IDENTITY;
            default -> throw bad("has objective '" + printable(objective) + "', which this reader does not support");
        };
    }

    private static float logit(float p) {
        if (!(p > 0f && p < 1f)) {
            throw bad("has base score " + p + " for a logistic objective (must be in (0, 1))");
        }
        return (float) -Math.log(1.0 / p - 1.0);
    }

    private String string(String what) {
        need(8, what);
        long n = in.getLong();
        if (n < 0 || n > MAX_STRING) {
            throw bad(what + " declares " + n + " bytes");
        }
        need(n, what);
        byte[] b = new byte[(int) n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private void need(long n, String what) {
        if (n > in.remaining()) {
            throw bad("ends early: " + what + " need " + n + " bytes, " + in.remaining() + " left");
        }
    }

    private static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static MalformedModelException bad(String what) {
        return new MalformedModelException("XGBoost booster " + what);
    }
}

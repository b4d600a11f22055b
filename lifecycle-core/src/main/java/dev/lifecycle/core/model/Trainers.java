package dev.lifecycle.core.model;

import dev.lifecycle.core.tribuo.Cart;
import dev.lifecycle.core.tribuo.LogisticRegression;

/** The built-in trainers, each with defaults that can be changed fluently, e.g. {@code logisticRegression().seed(7)}. */
public final class Trainers {
    private Trainers() {
    }

    /** @return multinomial logistic regression (Tribuo linear SGD) */
    public static LogisticRegression logisticRegression() {
        return LogisticRegression.defaults();
    }

    /** @return a CART classification tree (Tribuo) */
    public static Cart cart() {
        return Cart.defaults();
    }
}

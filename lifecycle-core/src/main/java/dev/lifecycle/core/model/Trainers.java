package dev.lifecycle.core.model;

import dev.lifecycle.core.tribuo.Cart;
import dev.lifecycle.core.tribuo.CartRegression;
import dev.lifecycle.core.tribuo.LinearRegression;
import dev.lifecycle.core.tribuo.LinearSvm;
import dev.lifecycle.core.tribuo.LogisticRegression;
import dev.lifecycle.core.tribuo.RandomForest;
import dev.lifecycle.core.tribuo.Xgboost;
import dev.lifecycle.core.tribuo.XgboostRegression;
import org.apiguardian.api.API;

/**
 * The built-in trainers, each with defaults that can be changed fluently, e.g.
 * {@code logisticRegression().seed(7)}. {@link TrainerCatalog#builtIn()} rebuilds any of them from
 * its recorded name, parameters and seed.
 *
 * <p>Every trainer learns from the data's {@link dev.lifecycle.api.data.ColumnRole#FEATURE feature}
 * columns only. When the data has a {@link dev.lifecycle.api.data.ColumnRole#WEIGHT weight} column,
 * each Tribuo example carries that row's weight. Honoured (Tribuo's {@code WeightedExamples}): logistic
 * regression, linear SVM and linear regression (the SGD loss of each example is scaled by its weight),
 * CART and CART regression (weighted impurity) and XGBoost (DMatrix weights). Not honoured: the random
 * forest (Tribuo's bagging draws ignore weights), which therefore refuses weighted data instead of
 * silently training unweighted.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class Trainers {
    private Trainers() {
    }

    /** @return multinomial logistic regression (Tribuo linear SGD); name {@code logistic-regression} */
    public static LogisticRegression logisticRegression() {
        return LogisticRegression.defaults();
    }

    /** @return a linear SVM (Tribuo linear SGD, hinge loss); name {@code linear-svm} */
    public static LinearSvm linearSvm() {
        return LinearSvm.defaults();
    }

    /** @return a CART classification tree (Tribuo); name {@code cart} */
    public static Cart cart() {
        return Cart.defaults();
    }

    /**
     * @return a random forest of CART trees with voting (Tribuo); name {@code random-forest}. It ignores
     *     example weights and refuses data with a weight column
     */
    public static RandomForest randomForest() {
        return RandomForest.defaults();
    }

    /** @return gradient-boosted trees for classification (XGBoost via Tribuo); name {@code xgboost} */
    public static Xgboost xgboost() {
        return Xgboost.defaults();
    }

    /** @return linear regression (Tribuo linear SGD, squared loss); name {@code linear-regression} */
    public static LinearRegression linearRegression() {
        return LinearRegression.defaults();
    }

    /** @return a CART regression tree (Tribuo); name {@code cart-regression} */
    public static CartRegression cartRegression() {
        return CartRegression.defaults();
    }

    /** @return gradient-boosted trees for regression (XGBoost via Tribuo); name {@code xgboost-regression} */
    public static XgboostRegression xgboostRegression() {
        return XgboostRegression.defaults();
    }
}

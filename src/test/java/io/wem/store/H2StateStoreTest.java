package io.wem.store;

class H2StateStoreTest extends StateStoreContract {

    @Override
    String expectedProduct() {
        return "H2";
    }
}

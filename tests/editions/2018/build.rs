fn main() {
    generator::compile("../../../spec/batches.yaml");
}

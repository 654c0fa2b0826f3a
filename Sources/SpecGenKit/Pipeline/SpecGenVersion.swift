/// The version of specgen, part of every cache key.
package enum SpecGenVersion {
    package static let current = "2.0.0"
}

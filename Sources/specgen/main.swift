import SpecGenCommandLine

SpecGen.main()

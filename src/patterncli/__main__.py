from patterncli.cli import main

main()

from patterncli._entry import main

main()
